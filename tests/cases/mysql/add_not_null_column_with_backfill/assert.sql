SELECT id FROM users WHERE handle <> concat('@', email)
