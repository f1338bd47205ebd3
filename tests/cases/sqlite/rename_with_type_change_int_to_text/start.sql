CREATE TABLE items (
  id integer PRIMARY KEY,
  amount integer
);
INSERT INTO items (id, amount) VALUES (1, 3), (2, 120), (3, NULL);
