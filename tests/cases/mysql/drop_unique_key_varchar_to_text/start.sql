INSERT INTO users (id, email, name, age) VALUES
  (1, 'ann@example.com', 'Ann', 34),
  (2, 'bob@example.com', NULL, NULL),
  (3, 'cy@example.com', 'Cy', 51);
