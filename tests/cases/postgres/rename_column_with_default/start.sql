CREATE TABLE tasks (id integer PRIMARY KEY, state text NOT NULL DEFAULT 'open', title text);
INSERT INTO tasks VALUES (1, 'open', 'a'), (2, 'done', 'b');
