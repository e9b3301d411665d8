// Migrations: a page of hashtag names after $after, in order (keyset paging for batches).
MATCH (h:Hashtag)
WHERE h.name > $after
RETURN h.name AS key
ORDER BY key
LIMIT $limit
