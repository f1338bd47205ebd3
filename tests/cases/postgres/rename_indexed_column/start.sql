-- An index names the column: the rename goes through a new column, which gets a copy of the
-- index (built concurrently) that the contract renames in.
CREATE TABLE users (id integer PRIMARY KEY, name text);
CREATE INDEX users_name_idx ON users (name);
INSERT INTO users VALUES (1, 'Ann'), (2, NULL);
