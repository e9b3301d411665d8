// Unlink user $id from the search terms not in $keys (a display name changed).
MATCH (old:SearchTerm)-[finds:FINDS]->(:User {id: $id})
WHERE NOT old.key IN $keys
DELETE finds
RETURN count(*) AS unlinked
