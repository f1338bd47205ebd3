INSERT INTO `group` (id, a, b, c) VALUES (1, 3, 30, 'x'), (2, 0, NULL, NULL), (3, 12, 5, 'y');
