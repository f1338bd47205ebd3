SELECT id FROM tasks WHERE status NOT IN ('open', 'done')
