INSERT INTO `x"y` (id, `select`) VALUES (1, 0), (2, 5);
