CREATE TABLE prices (id integer PRIMARY KEY, "q""t" smallint NOT NULL);
INSERT INTO prices VALUES (1, 7), (2, 25);
