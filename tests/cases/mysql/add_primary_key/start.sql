INSERT INTO tags VALUES ('a', 1), ('b', NULL);
