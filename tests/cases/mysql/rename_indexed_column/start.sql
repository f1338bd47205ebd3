INSERT INTO users (id, email, name) VALUES
  (1, 'ann@example.com', 'Ann'),
  (2, 'bob@example.com', NULL),
  (3, 'cy@example.com', 'Cy');
