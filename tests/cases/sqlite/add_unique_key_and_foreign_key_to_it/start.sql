-- A unique key and a foreign key that needs it, both new in one plan; both tables are
-- rebuilt, the child (alpha) first by step id. SQLite resolves a key when a table is written
-- to: the child's new table, made while the parent's column was not yet unique, failed with
-- "foreign key mismatch" (its swap's foreign_key_check, and every write to either table).
CREATE TABLE zeta (id integer PRIMARY KEY, code integer);
INSERT INTO zeta VALUES (1, 10), (2, 20);
CREATE TABLE alpha (id integer PRIMARY KEY, note text);
INSERT INTO alpha VALUES (7, 'x'), (8, NULL);
