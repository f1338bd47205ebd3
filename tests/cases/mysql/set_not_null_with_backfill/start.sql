INSERT INTO users (id, email, city) VALUES
  (1, 'ann@example.com', 'Oslo'),
  (2, 'bob@example.com', NULL),
  (3, 'cy@example.com', NULL);
