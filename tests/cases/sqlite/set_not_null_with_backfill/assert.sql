SELECT id FROM users WHERE name IS NULL
SELECT id FROM users WHERE id = 2 AND name <> 'anonymous'
