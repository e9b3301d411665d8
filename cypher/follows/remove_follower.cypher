// Remove $follower from $viewer's followers (idempotent). The counters change
// by what was really deleted (see the lock_both fragment for why that count
// is exact on Neo4j under concurrency).
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $follower})
{{follows/lock_both}}
OPTIONAL MATCH (them)-[f:FOLLOWS]->(me)
DELETE f
WITH me, them, count(f) AS removed
SET them.following_count = them.following_count - removed,
    me.follower_count = me.follower_count - removed
RETURN removed
