INSERT INTO teams (id, name) VALUES (1, 'red'), (2, 'blue'), (3, NULL);
INSERT INTO members (id, team_id) VALUES (1, 1), (2, 1), (3, 3);
