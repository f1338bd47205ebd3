-- An index names the column: the rename stays in place (the swap would leave the index on the
-- tombstone).
CREATE TABLE users (id integer PRIMARY KEY, name text);
CREATE INDEX users_name_idx ON users (name);
INSERT INTO users VALUES (1, 'Ann'), (2, NULL);
