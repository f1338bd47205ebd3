-- Two columns whose names share their first 58 characters: their tombstones must not collide.
CREATE TABLE notes (id integer PRIMARY KEY, cccccccccccccccccccccccccccccccccccccccccccccccccccccccccc_one integer NOT NULL, cccccccccccccccccccccccccccccccccccccccccccccccccccccccccc_two text);
INSERT INTO notes VALUES (1, 10, 'a'), (2, 20, NULL);
