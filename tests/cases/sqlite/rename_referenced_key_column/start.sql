-- The parent's primary-key column is renamed and the child's foreign key follows it. SQLite
-- checks a foreign key by the names in the child's stored text: the parent's rebuild must
-- carry the child's reference to the new name (and back on rollback), as RENAME COLUMN does.
CREATE TABLE users (code integer PRIMARY KEY, name text);
INSERT INTO users VALUES (1, 'Ann'), (2, NULL);
CREATE TABLE accounts (
  id integer PRIMARY KEY,
  user_code integer CONSTRAINT accounts_user_code_fkey REFERENCES users (code)
);
INSERT INTO accounts VALUES (10, 1), (11, 2), (12, NULL);
