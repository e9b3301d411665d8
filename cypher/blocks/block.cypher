// Block $target: no follows or requests remain either way, then the block.
// (One OPTIONAL MATCH per type: LadybugDB cannot DELETE a `:A|B` match.)
// The counters change by the follows really deleted (see the follows/lock_both
// fragment for why that count is exact on Neo4j under concurrency).
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $target})
{{follows/lock_both}}
OPTIONAL MATCH (me)-[f1:FOLLOWS]->(them)
OPTIONAL MATCH (me)-[r1:REQUESTED]->(them)
OPTIONAL MATCH (them)-[f2:FOLLOWS]->(me)
OPTIONAL MATCH (them)-[r2:REQUESTED]->(me)
DELETE f1, r1, f2, r2
WITH me, them, count(f1) AS unfollowed, count(f2) AS unfollowed_back
SET me.following_count = me.following_count - unfollowed,
    them.follower_count = them.follower_count - unfollowed,
    them.following_count = them.following_count - unfollowed_back,
    me.follower_count = me.follower_count - unfollowed_back
MERGE (me)-[b:BLOCKED]->(them)
ON CREATE SET b.created_at = $now, b.seq = $seq
RETURN unfollowed + unfollowed_back AS unfollowed
