CREATE TABLE events (name text NOT NULL);
INSERT INTO events VALUES ('a'), ('b');
