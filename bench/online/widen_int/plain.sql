ALTER TABLE items ALTER COLUMN views TYPE bigint;
