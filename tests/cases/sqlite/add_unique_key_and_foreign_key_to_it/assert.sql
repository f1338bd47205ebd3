SELECT 1 FROM pragma_foreign_key_check
DELETE FROM zeta WHERE id = -1
