SELECT id FROM payments WHERE NOT ((id = 1 AND amount = 1250) OR (id = 2 AND amount = 300) OR (id = 3 AND amount = 10025))
