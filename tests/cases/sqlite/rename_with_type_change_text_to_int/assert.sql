SELECT id FROM items WHERE typeof(qty) <> 'integer'
SELECT id FROM items WHERE id = 2 AND qty <> 12
