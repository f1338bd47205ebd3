SELECT constraint_name FROM information_schema.table_constraints WHERE table_schema = database() AND constraint_name LIKE 'people%'
SELECT id FROM persons WHERE id = 12 AND (email <> 'cy@example.com' OR team_id <> 2)
