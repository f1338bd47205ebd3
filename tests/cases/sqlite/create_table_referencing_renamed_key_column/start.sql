-- A new table's foreign key names a key column renamed in the same plan (property seed
-- 1634717034726084098). The new table is created in the expand phase, long before the
-- parent's rebuild renames the column: it must name the column as it is then, and the
-- parent's swap carries the reference to the new name.
CREATE TABLE "group" (id integer PRIMARY KEY, amount integer NOT NULL);
INSERT INTO "group" VALUES (1, 5), (2, 6);
