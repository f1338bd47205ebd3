INSERT INTO users (id, email) VALUES
  (1, 'ann@example.com'),
  (2, 'bob@example.com'),
  (3, 'cy@example.com');
