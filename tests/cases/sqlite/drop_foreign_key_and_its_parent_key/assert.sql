SELECT 1 FROM pragma_foreign_key_check
DELETE FROM alpha WHERE id = -1
