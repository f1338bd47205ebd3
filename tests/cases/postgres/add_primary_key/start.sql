CREATE TABLE tags (id integer NOT NULL, label text);
INSERT INTO tags VALUES (1, 'a'), (2, 'b');
