SELECT name FROM sqlite_master WHERE name LIKE 'people%' OR sql LIKE '%"people%'
SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'persons_name_idx')
SELECT id FROM persons WHERE id = 12 AND (email <> 'cy@example.com' OR team_id <> 2)
