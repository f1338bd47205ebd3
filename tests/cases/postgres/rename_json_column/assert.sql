SELECT id FROM events WHERE id = 1 AND payload::text <> '{"a": 1,  "b": [1, 2]}'
