SELECT 1 WHERE (SELECT count(*) FROM pg_constraint WHERE conrelid = 'invoices'::regclass AND contype = 'f' AND confrelid = 'accounts'::regclass) <> 1
SELECT 1 WHERE (SELECT count(*) FROM accounts WHERE account_id = 2 AND name = 'bob') <> 1
