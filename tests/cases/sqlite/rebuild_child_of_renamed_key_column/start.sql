-- The parent's key column is renamed while the child is rebuilt for another reason (property
-- seed 2994701987354161790). The child's new table is filled before the parent's swap: it
-- must name the parent's column as it is then, and the parent's swap carries the reference.
CREATE TABLE users (id integer PRIMARY KEY, name text);
INSERT INTO users VALUES (1, 'Ann'), (2, NULL);
CREATE TABLE "group" (
  id integer PRIMARY KEY,
  a text,
  owner integer REFERENCES users (id)
);
INSERT INTO "group" VALUES (10, 'x', 1), (11, NULL, 2), (12, 'y', NULL);
