CREATE TABLE prices (id integer PRIMARY KEY, amount integer NOT NULL);
INSERT INTO prices VALUES (1, 10), (2, 25), (3, -4);
