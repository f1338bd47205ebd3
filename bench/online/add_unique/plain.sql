ALTER TABLE items ADD CONSTRAINT items_email_key UNIQUE (email);
