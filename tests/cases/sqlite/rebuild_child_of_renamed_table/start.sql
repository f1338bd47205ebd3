CREATE TABLE "group" (
  id integer PRIMARY KEY,
  amount char(40)
);
CREATE TABLE "x""y" (
  id integer PRIMARY KEY,
  "q""t" numeric(8,0) NOT NULL,
  owner integer NOT NULL REFERENCES "group" (id)
);
INSERT INTO "group" VALUES (7, NULL);
INSERT INTO "x""y" VALUES (7, 3, 7);
