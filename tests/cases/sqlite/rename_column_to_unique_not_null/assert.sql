SELECT id FROM accounts WHERE id = 2 AND username IS NOT 'bob'
SELECT name FROM pragma_table_info('accounts') WHERE name = 'login'
SELECT name FROM sqlite_master WHERE type = 'trigger'
