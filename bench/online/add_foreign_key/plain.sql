ALTER TABLE items ADD CONSTRAINT items_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
