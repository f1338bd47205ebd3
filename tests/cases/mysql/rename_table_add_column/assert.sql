SELECT id FROM members WHERE handle <> concat('@', email)
