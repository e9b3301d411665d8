// Migrations: a page of comment ids after $after, in order (keyset paging for batches).
MATCH (c:Comment)
WHERE c.id > $after
RETURN c.id AS key
ORDER BY key
LIMIT $limit
