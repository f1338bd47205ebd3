CREATE TABLE events (id integer PRIMARY KEY, body json, kind text);
INSERT INTO events VALUES (1, '{"a": 1,  "b": [1, 2]}', 'x'), (2, NULL, 'y'), (3, '[]', 'z');
