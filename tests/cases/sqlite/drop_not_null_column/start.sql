CREATE TABLE users (
  id integer PRIMARY KEY,
  email text NOT NULL,
  legacy_code text NOT NULL
);
INSERT INTO users (id, email, legacy_code) VALUES (1, 'a@x', 'A1'), (2, 'b@x', 'B2');
