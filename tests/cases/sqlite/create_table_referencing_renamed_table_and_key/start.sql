-- A new table's foreign key names a parent whose table and referenced key column are both
-- renamed in the same plan. The child is created before the parent's rename and rebuild; it
-- must reference the parent as it is then, and end up referencing accounts (account_id).
CREATE TABLE clients (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO clients VALUES (1, 'ann'), (2, 'bob');
