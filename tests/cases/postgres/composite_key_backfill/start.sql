CREATE TABLE memberships (org integer NOT NULL, member integer NOT NULL, PRIMARY KEY (org, member));
INSERT INTO memberships VALUES (1, 1), (1, 2), (2, 1);
