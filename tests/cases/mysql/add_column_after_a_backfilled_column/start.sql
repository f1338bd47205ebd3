-- Two new columns, the first with a backfill: the second is added `AFTER` the first, but
-- sorts before it by step id, and the first's later phases came between them in the
-- table's chain, so it ran first ("Unknown column 'zz'").
INSERT INTO items VALUES (1, 'a'), (2, NULL);
