SELECT id FROM users WHERE NOT ((id = 1 AND city = 'Oslo') OR (id IN (2, 3) AND city = 'unknown'))
