-- the index must be on the column, not on the string 'zone'
SELECT 1 FROM pragma_index_info('a_zone_idx') WHERE name IS NOT 'zone'
