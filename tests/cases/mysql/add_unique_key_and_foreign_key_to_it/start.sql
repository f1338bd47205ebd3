-- A unique key and a foreign key that needs it, both new in one plan. The child (alpha)
-- sorts first by step id: its key was added before the parent's unique key, which MariaDB
-- refuses ("Missing index for constraint ... in the referenced table 'zeta'").
INSERT INTO zeta VALUES (1, 10), (2, 20);
INSERT INTO alpha VALUES (7, 'x'), (8, NULL);
