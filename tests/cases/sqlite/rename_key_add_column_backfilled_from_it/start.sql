-- A new NOT NULL column whose backfill names a column renamed in the same plan, by its new
-- name (property seed 4503238832189760477). That name holds values only once the rename's
-- own backfill ran: the new column's backfill ran first and left NULLs, which its validation
-- refused. It now waits for the rename's backfill.
CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);
INSERT INTO users VALUES (7, 'a@x'), (14, 'b@x');
