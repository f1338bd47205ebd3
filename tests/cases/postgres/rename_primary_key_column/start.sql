-- A primary-key column: a table has one primary key, so the rename stays in place (the hazard
-- says why).
CREATE TABLE users (code integer PRIMARY KEY, name text);
INSERT INTO users VALUES (1, 'Ann'), (2, NULL);
