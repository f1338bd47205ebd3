INSERT INTO users (id, score, name) VALUES (1, 3, 'Ann'), (2, 0, NULL), (3, 12, 'Cy');
