CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2) NOT NULL DEFAULT 0, note text);
INSERT INTO orders VALUES (10, 9.50, 'first'), (11, 20, NULL), (12, 0, 'x');
