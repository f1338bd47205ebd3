CREATE TABLE prices (id integer PRIMARY KEY, amount text NOT NULL);
INSERT INTO prices VALUES (1, '10'), (2, '25');
