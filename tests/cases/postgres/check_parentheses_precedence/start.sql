-- Only where the parentheses of orders_qty_scaled sit changes; the other checks differ from
-- the desired ones by redundant parentheses alone, which must not count as a change.
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  qty integer NOT NULL,
  price numeric(10,2) NOT NULL,
  CONSTRAINT orders_qty_scaled CHECK ((qty + 1) * 2 > 0),
  CONSTRAINT orders_total_positive CHECK (((price * qty) + 1) >= 0),
  CONSTRAINT orders_either CHECK ((qty > 0) OR (price > 0))
);
INSERT INTO orders VALUES (1, 5, 9.50), (2, 100, 120);
