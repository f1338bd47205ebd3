-- The key is dropped in its renamed form (REFERENCES "order"): its drop must come after the
-- table's rename, so that its down runs before the rename is undone.
CREATE TABLE "Order Items" (id integer PRIMARY KEY, label text);
INSERT INTO "Order Items" VALUES (1, 'a'), (2, 'b');
CREATE TABLE items (id integer PRIMARY KEY, order_id integer);
INSERT INTO items VALUES (10, 1), (11, 2), (12, NULL);
ALTER TABLE items ADD CONSTRAINT items_order_id_fkey FOREIGN KEY (order_id) REFERENCES "Order Items" (id);
