SELECT 1 FROM pragma_foreign_key_list('invoices') WHERE "table" <> 'accounts' OR "to" <> 'account_id'
SELECT 1 WHERE (SELECT count(*) FROM pragma_foreign_key_list('invoices')) <> 1
SELECT 1 WHERE (SELECT count(*) FROM accounts WHERE account_id = 2 AND name = 'bob') <> 1
