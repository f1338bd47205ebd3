SELECT id FROM "Order Items" WHERE id = 1 AND "Gift Message" <> 'for "you"'
