SELECT id FROM users WHERE status <> 'new'
