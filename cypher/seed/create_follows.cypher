// Synthetic follows in bulk (jobs/synthetic.py), with both users' counters
// raised by the follows this statement really created (a pair that already
// follows keeps its seq, so it is left out). LadybugDB applies
// `SET n.c = n.c + 1` once for all the rows that carry the same n, so each
// user's gain is counted first and added once: followers grouped by the
// follower, then the followed ids grouped by the followed. The caller never
// sends an empty list (LadybugDB's UNWIND of an empty list of maps fails).
UNWIND $follows AS pair
MATCH (a:User {id: pair.follower})
MATCH (b:User {id: pair.followed})
MERGE (a)-[f:FOLLOWS]->(b)
ON CREATE SET f.created_at = $now, f.seq = pair.seq, f.approved = false
WITH a, b, f, pair
WHERE f.seq = pair.seq
WITH a, count(*) AS gained, collect(b.id) AS followed
SET a.following_count = a.following_count + gained
WITH followed
UNWIND followed AS id
WITH id, count(*) AS gained
MATCH (b:User {id: id})
SET b.follower_count = b.follower_count + gained
RETURN sum(gained) AS created
