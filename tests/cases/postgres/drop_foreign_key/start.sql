CREATE TABLE users (
  id integer PRIMARY KEY,
  email character varying(320) NOT NULL,
  name text,
  age integer
);
INSERT INTO users (id, email, name, age) VALUES
  (1, 'ann@example.com', 'Ann', 34),
  (2, 'bob@example.com', NULL, NULL),
  (3, 'cy@example.com', 'Cy', 51);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  user_id integer NOT NULL,
  total numeric(10,2) NOT NULL DEFAULT 0,
  note character varying(20)
);
INSERT INTO orders VALUES (10, 1, 9.50, 'first'), (11, 1, 20, NULL), (12, 3, 0, 'x');
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);
