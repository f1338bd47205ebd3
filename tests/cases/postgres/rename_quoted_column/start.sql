-- Names that need quoting everywhere: in the trigger, its function and the backfill.
CREATE TABLE "Order Items" (id integer PRIMARY KEY, "Gift Note" text DEFAULT 'it''s', "Qty" integer);
INSERT INTO "Order Items" VALUES (1, 'for "you"', 2), (2, NULL, 1);
