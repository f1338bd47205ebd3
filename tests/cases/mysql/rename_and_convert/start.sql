INSERT INTO payments (id, price, note) VALUES
  (1, '12.50', 'lunch'),
  (2, '3.00', NULL),
  (3, '100.25', 'rent share');
