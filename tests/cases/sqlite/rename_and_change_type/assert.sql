SELECT id FROM orders WHERE id = 1 AND total_cents <> 1250
SELECT id FROM orders WHERE id = 2 AND total_cents <> 99
