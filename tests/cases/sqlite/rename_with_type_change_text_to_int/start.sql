CREATE TABLE items (
  id integer PRIMARY KEY,
  qty_text text NOT NULL DEFAULT '0'
);
INSERT INTO items (id, qty_text) VALUES (1, '3'), (2, '12'), (3, '0');
