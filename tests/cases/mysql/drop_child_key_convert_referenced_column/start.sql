INSERT INTO products (id, code) VALUES (1, '100'), (2, '205'), (3, '7');
INSERT INTO items (id, code) VALUES (1, '100'), (2, NULL), (3, '7');
