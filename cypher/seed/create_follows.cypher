// Synthetic follows in batches (jobs/batched_write.py), both users' counters
// raised in the same statement, so each committed batch leaves them exact.
// The generator draws each pair once, across no block, `approved` when the
// followed account is private (such a follow is an approved request).
// LadybugDB applies `SET n.c = n.c + 1` once for all the rows that carry the
// same n, so each user's gain is counted first and added once: followers
// grouped by the follower, then the followed ids grouped by the followed.
// The caller never sends an empty list (LadybugDB's UNWIND of an empty list
// of maps fails).
UNWIND $follows AS row
MATCH (a:User {id: row.follower})
MATCH (b:User {id: row.followed})
CREATE (a)-[:FOLLOWS {created_at: row.created_at, seq: row.seq, approved: row.approved}]->(b)
WITH a, count(*) AS gained, collect(b.id) AS followed
SET a.following_count = a.following_count + gained
WITH followed
UNWIND followed AS id
WITH id, count(*) AS gained
MATCH (b:User {id: id})
SET b.follower_count = b.follower_count + gained
RETURN sum(gained) AS created
