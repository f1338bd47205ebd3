INSERT INTO users VALUES (1, 'Ann'), (2, NULL);
INSERT INTO accounts VALUES (10, 1), (11, 2), (12, NULL);
