CREATE TABLE authors (
  id integer PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE posts (
  id integer PRIMARY KEY,
  author_id bigint NOT NULL REFERENCES authors (id),
  title text NOT NULL
);
INSERT INTO authors VALUES (1, 'Ann'), (2, 'Bob');
INSERT INTO posts VALUES (10, 1, 'Hello'), (11, 1, 'Again'), (12, 2, 'Bob here');
