INSERT INTO p (id) VALUES (1), (2);
INSERT INTO people (id, owner) VALUES (10, 1), (11, NULL), (12, 2);
