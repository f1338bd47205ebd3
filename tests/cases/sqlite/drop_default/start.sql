CREATE TABLE settings (
  id integer PRIMARY KEY,
  theme text NOT NULL DEFAULT 'light'
);
INSERT INTO settings VALUES (1, 'dark'), (2, 'light');
