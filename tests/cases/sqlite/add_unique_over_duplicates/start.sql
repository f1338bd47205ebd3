CREATE TABLE users (
  id integer PRIMARY KEY,
  email text NOT NULL
);
INSERT INTO users VALUES (1, 'a@x.io'), (2, 'b@x.io'), (3, 'a@x.io');
