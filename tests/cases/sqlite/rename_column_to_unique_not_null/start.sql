CREATE TABLE accounts (
  id integer PRIMARY KEY,
  login text,
  score integer
);
INSERT INTO accounts (id, login, score) VALUES (1, 'ann', 5), (2, 'bob', 7), (3, 'cy', NULL);
