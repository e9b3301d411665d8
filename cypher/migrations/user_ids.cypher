// Migrations: a page of user ids after $after, in order (keyset paging for batches).
MATCH (u:User)
WHERE u.id > $after
RETURN u.id AS key
ORDER BY key
LIMIT $limit
