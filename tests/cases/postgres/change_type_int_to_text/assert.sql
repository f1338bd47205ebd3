SELECT id FROM prices WHERE amount NOT LIKE '$%'
