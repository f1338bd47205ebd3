SELECT id FROM users WHERE active IS NOT 1
