CREATE TABLE tags (
  id integer PRIMARY KEY,
  slug text NOT NULL,
  CONSTRAINT tags_slug_key UNIQUE (slug)
);
INSERT INTO tags VALUES (1, 'sql'), (2, 'go');
