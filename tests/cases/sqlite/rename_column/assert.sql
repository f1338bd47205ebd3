SELECT id FROM users WHERE id = 1 AND full_name IS NOT 'Ann'
