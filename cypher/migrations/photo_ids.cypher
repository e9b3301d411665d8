// Migrations: a page of photo ids after $after, in order (keyset paging for batches).
MATCH (p:Photo)
WHERE p.id > $after
RETURN p.id AS key
ORDER BY key
LIMIT $limit
