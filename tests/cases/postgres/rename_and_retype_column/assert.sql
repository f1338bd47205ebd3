SELECT id FROM orders WHERE total_cents NOT IN (950, 2000, 0)
