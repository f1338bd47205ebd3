SELECT id FROM users WHERE plan <> 'free'
