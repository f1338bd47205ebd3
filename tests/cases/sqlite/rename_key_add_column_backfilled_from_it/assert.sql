SELECT 1 FROM users WHERE code IS NOT user_id * 2
