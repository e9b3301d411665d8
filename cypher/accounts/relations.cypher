// The accounts a user follows, has asked to follow, blocks and is blocked
// by (social/cached.py caches them per user; the relationship of a card and
// the privacy rule for single decisions are read from them). Each branch
// starts at the user's primary key.
MATCH (:User {id: $id})-[:FOLLOWS]->(other:User)
RETURN 'following' AS kind, other.id AS id
UNION ALL
MATCH (:User {id: $id})-[:REQUESTED]->(other:User)
RETURN 'requested' AS kind, other.id AS id
UNION ALL
MATCH (:User {id: $id})-[:BLOCKED]->(other:User)
RETURN 'blocking' AS kind, other.id AS id
UNION ALL
MATCH (other:User)-[:BLOCKED]->(:User {id: $id})
RETURN 'blocked_by' AS kind, other.id AS id
