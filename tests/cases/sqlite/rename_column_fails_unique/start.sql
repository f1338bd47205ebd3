CREATE TABLE accounts (
  id integer PRIMARY KEY,
  login text
);
INSERT INTO accounts (id, login) VALUES (1, 'ann'), (2, 'ann'), (3, 'cy');
