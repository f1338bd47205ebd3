INSERT INTO customers (id, email, first_name, last_name, nick, created_at) VALUES
  (1, 'ada@example.com', 'Ada', 'Lovelace', 'countess', '2024-01-05 10:00:00'),
  (2, 'alan@example.com', 'Alan', 'Turing', NULL, '2024-02-11 09:30:00'),
  (3, 'grace@example.com', NULL, 'Hopper', 'amazing', '2024-03-20 16:45:00');
INSERT INTO orders (id, customer_id, total) VALUES
  (1, 1, 12.50), (2, 1, 99.99), (3, 2, 5.00), (4, 3, 1200.00);
