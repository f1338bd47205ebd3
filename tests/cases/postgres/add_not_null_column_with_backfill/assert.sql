SELECT id FROM users WHERE handle IS DISTINCT FROM lower(split_part(email, '@', 1))
