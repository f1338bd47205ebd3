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
