SELECT id FROM items WHERE amount_text IS NOT NULL AND typeof(amount_text) <> 'text'
SELECT id FROM items WHERE id = 2 AND amount_text IS NOT '120'
SELECT id FROM items WHERE id = 3 AND amount_text IS NOT NULL
