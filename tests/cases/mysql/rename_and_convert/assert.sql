SELECT id FROM payments WHERE NOT ((id = 1 AND price_cents = 1250) OR (id = 2 AND price_cents = 300) OR (id = 3 AND price_cents = 10025))
