BEGIN;
ALTER TABLE items ADD COLUMN label text;
UPDATE items SET label = 'item-' || id;
ALTER TABLE items ALTER COLUMN label SET NOT NULL;
COMMIT;
