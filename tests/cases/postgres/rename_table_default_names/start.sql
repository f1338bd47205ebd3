CREATE TABLE teams (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE people (
  id      bigint PRIMARY KEY,
  email   text NOT NULL UNIQUE,
  team_id bigint REFERENCES teams (id),
  age     int CHECK (age >= 0),
  name    text
);
CREATE INDEX ON people (name);
CREATE TABLE orders (id bigint PRIMARY KEY, person_id bigint REFERENCES people (id));
INSERT INTO teams VALUES (1, 'red'), (2, 'blue');
INSERT INTO people VALUES (10, 'ann@example.com', 1, 34, 'Ann'), (11, 'bob@example.com', NULL, NULL, NULL),
  (12, 'cy@example.com', 2, 51, 'Cy');
INSERT INTO orders VALUES (100, 10), (101, 12), (102, NULL);
