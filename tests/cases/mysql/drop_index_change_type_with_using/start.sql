INSERT INTO `group` (id, a, b) VALUES (1, 3, 30), (2, 0, NULL), (3, 12, 5);
