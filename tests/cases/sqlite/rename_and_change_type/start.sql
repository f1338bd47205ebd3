CREATE TABLE orders (
  id integer PRIMARY KEY,
  total numeric(10,2) NOT NULL
);
INSERT INTO orders VALUES (1, 12.5), (2, 0.99), (3, 100);
