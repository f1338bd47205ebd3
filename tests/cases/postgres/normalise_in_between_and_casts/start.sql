-- Written the way people write SQL; PostgreSQL stores other spellings. Only `note` is new.
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  status order_status NOT NULL DEFAULT 'pending',
  kind character varying(10) NOT NULL DEFAULT 'retail',
  qty integer NOT NULL DEFAULT 1,
  price numeric(10,2) NOT NULL,
  CONSTRAINT orders_kind_known CHECK (kind IN ('retail', 'wholesale')),
  CONSTRAINT orders_qty_range CHECK (qty BETWEEN 1 AND 1000),
  CONSTRAINT orders_status_open CHECK (status NOT IN ('shipped')),
  CONSTRAINT orders_price_positive CHECK (price > 0::numeric)
);
CREATE INDEX orders_open_idx ON orders (lower(kind)) WHERE status IN ('pending', 'paid');
CREATE INDEX orders_bulk_idx ON orders (qty) WHERE qty BETWEEN 100 AND 1000;
INSERT INTO orders VALUES (1, 'paid', 'retail', 2, 9.50), (2, 'pending', 'wholesale', 100, 120);
