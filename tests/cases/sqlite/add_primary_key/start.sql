CREATE TABLE events (
  id bigint NOT NULL,
  kind text NOT NULL
);
INSERT INTO events VALUES (1, 'login'), (2, 'logout'), (3, 'login');
