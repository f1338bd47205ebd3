INSERT INTO tickets (id, title) VALUES (1, 'printer on fire'), (2, 'no coffee'), (3, 'lost badge');
