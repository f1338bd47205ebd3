SELECT id FROM users WHERE score <> 0
