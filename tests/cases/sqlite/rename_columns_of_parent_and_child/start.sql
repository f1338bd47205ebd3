-- The parent's key column and a column of the child are renamed in one plan: both rebuilds
-- are in the contract phase, and the child's new table, which names the parent's column as it
-- is now, must be created before the parent's swap. Property seed 2994701987354161790 found
-- this while the edge was missing (the case passed before the naming change too: the child's
-- new table then named the new column and was created after the parent's swap).
CREATE TABLE "Order Items" (id integer PRIMARY KEY, note text);
INSERT INTO "Order Items" VALUES (1, 'a'), (2, NULL);
CREATE TABLE "it's" (
  id integer PRIMARY KEY,
  "it's" text,
  owner integer REFERENCES "Order Items" (id) ON DELETE CASCADE
);
INSERT INTO "it's" VALUES (10, 'x', 1), (11, NULL, 2);
