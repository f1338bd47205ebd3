INSERT INTO users (id, email) VALUES (1, 'ann@example.com'), (2, 'bob@example.com');
INSERT INTO orders VALUES (10, 1), (11, 2), (12, 1);
