SELECT id FROM users WHERE NOT ((id = 1 AND nickname = 'Ann') OR (id = 2 AND nickname = '') OR (id = 3 AND nickname = 'Cy'))
