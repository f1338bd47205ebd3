CREATE TABLE items (
  id integer PRIMARY KEY,
  qty integer NOT NULL,
  CONSTRAINT items_qty_check CHECK (qty >= 0)
);
INSERT INTO items VALUES (1, 5), (2, 0);
