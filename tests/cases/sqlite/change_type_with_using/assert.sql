SELECT id FROM prices WHERE typeof(amount) <> 'integer'
