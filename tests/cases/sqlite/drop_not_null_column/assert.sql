-- soft: the old table, every value of the dropped column with it, is the tombstone
SELECT 1 WHERE (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE '\_stepwise\_dropped\_%users' ESCAPE '\') <> 1
