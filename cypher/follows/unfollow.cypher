// Stop following $target, or withdraw a pending request to them (idempotent).
// The counters change by what was really deleted (see the lock_both fragment
// for why that count is exact on Neo4j under concurrency).
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $target})
{{follows/lock_both}}
OPTIONAL MATCH (me)-[f:FOLLOWS]->(them)
OPTIONAL MATCH (me)-[r:REQUESTED]->(them)
DELETE f, r
WITH me, them, count(f) AS unfollowed
SET me.following_count = me.following_count - unfollowed,
    them.follower_count = them.follower_count - unfollowed
RETURN unfollowed
