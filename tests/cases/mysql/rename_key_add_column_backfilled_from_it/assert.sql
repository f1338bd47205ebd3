SELECT user_id FROM users WHERE code <> user_id * 2
