CREATE TABLE users (
  id integer PRIMARY KEY,
  "two words" char(40)
);
CREATE INDEX "users_two words_idx" ON users ("two words" DESC);
INSERT INTO users VALUES (7, NULL), (14, 'x');
