-- The key is dropped in its renamed form (REFERENCES users (uid)): its drop must come after the
-- column's rename, so that its down runs before the rename is undone.
CREATE TABLE users (code integer PRIMARY KEY, name text);
INSERT INTO users VALUES (1, 'Ann'), (2, NULL);
CREATE TABLE accounts (id integer PRIMARY KEY, user_code integer);
INSERT INTO accounts VALUES (10, 1), (11, 2), (12, NULL);
ALTER TABLE accounts ADD CONSTRAINT accounts_user_code_fkey FOREIGN KEY (user_code) REFERENCES users (code);
