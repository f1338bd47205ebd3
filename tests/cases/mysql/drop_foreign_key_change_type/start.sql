INSERT INTO users (id) VALUES (7), (14);
INSERT INTO `Order Items` (id, owner) VALUES (1, 7), (2, NULL), (3, 14);
