SELECT id FROM users WHERE handle IS NULL OR handle <> lower(substr(email, 1, instr(email, '@') - 1))
