-- The parent's unique key is dropped with the foreign key that needs it. The child's old
-- table, kept as a tombstone, must not keep a key to a parent column that is no longer
-- unique: SQLite reports "foreign key mismatch" on the parent's check and on any later
-- DELETE from the parent.
CREATE TABLE alpha (id integer PRIMARY KEY, code integer CONSTRAINT alpha_code_key UNIQUE);
INSERT INTO alpha VALUES (1, 10), (2, 20);
CREATE TABLE zeta (
  id integer PRIMARY KEY,
  alpha_code integer CONSTRAINT zeta_alpha_code_fkey REFERENCES alpha (code)
);
INSERT INTO zeta VALUES (7, 10), (8, NULL);
