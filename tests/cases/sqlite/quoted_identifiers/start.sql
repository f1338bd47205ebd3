CREATE TABLE "Order Items" (
  "Id" integer PRIMARY KEY,
  "it's" text
);
INSERT INTO "Order Items" VALUES (1, 'x'), (2, NULL);
