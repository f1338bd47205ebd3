INSERT INTO `x"y` (id, `it's`) VALUES (1, 5), (2, NULL), (3, 0);
INSERT INTO `Order Items` (id, `q"t`) VALUES (10, 1), (11, 3), (12, NULL);
