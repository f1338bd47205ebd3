CREATE TABLE clients (name text, born date);
INSERT INTO clients VALUES ('a', '2000-01-02'), ('b', NULL);
