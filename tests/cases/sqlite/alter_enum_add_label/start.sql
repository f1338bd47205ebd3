INSERT INTO users (id, email, plan) VALUES (1, 'a@x.io', 'pro'), (2, 'b@x.io', 'free');
