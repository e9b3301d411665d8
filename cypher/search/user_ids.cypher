// GET /v1/search, accounts: the ids of at most $candidates of the accounts the
// term $key finds (social/cached.py keeps them per term; the ranking, by the
// accounts' cached cards, and the viewer's blocks are applied in Python). One
// primary-key lookup of the term, then its FINDS relationships.
MATCH (:SearchTerm {key: $key})-[:FINDS]->(user:User)
RETURN user.id AS id
LIMIT $candidates
