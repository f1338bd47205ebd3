INSERT INTO people (id, age) VALUES (1, 30), (2, NULL), (3, 0);
