SELECT id FROM accounts WHERE id = 3 AND name IS NOT 'Cy'
SELECT name FROM sqlite_master WHERE type IN ('view', 'trigger')
