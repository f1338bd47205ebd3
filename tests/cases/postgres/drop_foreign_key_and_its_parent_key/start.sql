-- The parent's unique key is dropped with the foreign key that needs it: the key goes first,
-- and rollback re-adds the unique key before the foreign key.
CREATE TABLE alpha (id integer PRIMARY KEY, code integer CONSTRAINT alpha_code_key UNIQUE);
INSERT INTO alpha VALUES (1, 10), (2, 20);
CREATE TABLE zeta (id integer PRIMARY KEY, alpha_code integer);
INSERT INTO zeta VALUES (7, 10), (8, NULL);
ALTER TABLE zeta ADD CONSTRAINT zeta_alpha_code_fkey FOREIGN KEY (alpha_code) REFERENCES alpha (code);
