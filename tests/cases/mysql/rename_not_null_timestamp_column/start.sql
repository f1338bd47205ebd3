INSERT INTO events (id, name, at) VALUES
  (1, 'launch', '2024-05-01 10:00:00'),
  (2, NULL, '2024-06-01 12:30:00.5');
