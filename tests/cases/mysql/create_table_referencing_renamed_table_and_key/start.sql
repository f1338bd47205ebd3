-- A new table's foreign key names a parent whose table and referenced key column are both
-- renamed in the same plan (the SQLite case of the same name).
CREATE TABLE clients (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO clients VALUES (1, 'ann'), (2, 'bob');
