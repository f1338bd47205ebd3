SELECT conname FROM pg_constraint WHERE conname LIKE 'people%'
SELECT indexname FROM pg_indexes WHERE indexname LIKE 'people%'
SELECT id FROM persons WHERE id = 12 AND (email <> 'cy@example.com' OR team_id <> 2)
SELECT id FROM orders WHERE id = 101 AND person_id <> 12
