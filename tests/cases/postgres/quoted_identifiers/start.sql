CREATE TABLE "Order Items" (id integer PRIMARY KEY, "Total" integer);
INSERT INTO "Order Items" VALUES (1, 5), (2, NULL);
