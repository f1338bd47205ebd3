SELECT id FROM accounts WHERE id = 3 AND name IS NOT 'Cy'
