INSERT INTO teams (id, name) VALUES (1, 'red'), (2, 'blue');
INSERT INTO people (id, email, team_id, age, name) VALUES
  (10, 'ann@example.com', 1, 34, 'Ann'),
  (11, 'bob@example.com', NULL, NULL, NULL),
  (12, 'cy@example.com', 2, 51, 'Cy');
INSERT INTO orders (id, person_id) VALUES (100, 10), (101, 12), (102, NULL);
