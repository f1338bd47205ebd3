CREATE TYPE plan AS ENUM ('free', 'pro', 'team');
CREATE TABLE accounts (id integer PRIMARY KEY, plan plan NOT NULL DEFAULT 'free');
INSERT INTO accounts VALUES (1, 'free'), (2, 'pro'), (3, 'team');
