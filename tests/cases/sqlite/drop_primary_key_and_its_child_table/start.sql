-- The parent's primary key is dropped, and the table whose foreign key needed it is dropped
-- too (property seeds 16202041613958173011, 9534064505902749451). The dropped table stays as
-- a tombstone: it must not keep a key to a parent key that is gone.
CREATE TABLE users (id integer PRIMARY KEY, name text);
INSERT INTO users VALUES (1, 'Ann'), (2, NULL);
CREATE TABLE "x""y" (
  id integer PRIMARY KEY,
  owner integer REFERENCES users (id)
);
INSERT INTO "x""y" VALUES (10, 1), (11, NULL);
