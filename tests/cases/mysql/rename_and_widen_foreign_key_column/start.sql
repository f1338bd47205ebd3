INSERT INTO teams (id, name) VALUES (1, 'red'), (2, 'blue');
INSERT INTO members (id, team) VALUES (1, 1), (2, NULL), (3, 2);
