-- qty becomes "Qty": PostgreSQL carries the rename into the check, the index expression and
-- the predicate, spelling the new name quoted; nothing else changes.
CREATE TABLE items (
  id bigint PRIMARY KEY,
  qty integer NOT NULL,
  CONSTRAINT items_qty_positive CHECK (qty > 0)
);
CREATE INDEX items_double_idx ON items ((qty * 2)) WHERE qty < 1000;
INSERT INTO items VALUES (1, 5), (2, 12);
