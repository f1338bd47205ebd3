INSERT INTO `Order Items` VALUES (1, 'a'), (2, 'b');
