INSERT INTO a (id, b_id) VALUES (1, NULL), (2, NULL);
INSERT INTO b (id, a_id) VALUES (10, 1), (11, NULL);
UPDATE a SET b_id = 10 WHERE id = 2;
