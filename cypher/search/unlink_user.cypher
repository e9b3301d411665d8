// Unlink user $id from the search terms not in $keys (a display name changed);
// the keys unlinked, whose cached search results social/cached.py forgets.
MATCH (old:SearchTerm)-[finds:FINDS]->(:User {id: $id})
WHERE NOT old.key IN $keys
DELETE finds
RETURN old.key AS key
