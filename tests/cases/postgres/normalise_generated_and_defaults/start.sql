-- Defaults and a generated column as PostgreSQL stores them differently from how they are
-- written; only the index on `code` is new.
CREATE TABLE items (
  id integer PRIMARY KEY,
  code text NOT NULL DEFAULT 'x' || 'y',
  price numeric(10,2) NOT NULL DEFAULT 0,
  qty integer NOT NULL DEFAULT -1,
  added timestamptz NOT NULL DEFAULT now() + interval '1 day',
  total numeric GENERATED ALWAYS AS (price * qty) STORED
);
INSERT INTO items (id, code, price, qty) VALUES (1, 'a', 2.50, 4), (2, 'b', 1, 1);
