SELECT 1 WHERE (SELECT count(*) FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() AND table_name = 'invoices' AND referenced_table_name = 'accounts') <> 1
SELECT 1 WHERE (SELECT count(*) FROM accounts WHERE account_id = 2 AND name = 'bob') <> 1
