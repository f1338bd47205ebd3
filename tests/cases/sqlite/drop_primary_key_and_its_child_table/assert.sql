SELECT 1 FROM pragma_foreign_key_check
DELETE FROM users WHERE id = -1
