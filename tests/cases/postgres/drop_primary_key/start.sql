CREATE TABLE tags (id integer PRIMARY KEY, label text);
INSERT INTO tags VALUES (1, 'a'), (2, 'b');
