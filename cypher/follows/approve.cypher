// Turn pending requests into follows, each with its own new $approvals[i].seq
// (one approval per requester). Rows come back only when requests existed.
// The counters change only for follows MERGE created (exact on Neo4j under
// concurrency: see follows/follow). A follow was created here when its seq
// is this approval's new one. Each requester is on one row, but $viewer is
// on all of them: LadybugDB applies `SET n.c = n.c + 1` once for all the rows
// that carry the same n, so the viewer's gain is counted, then added once.
UNWIND $approvals AS approval
MATCH (them:User {id: approval.requester})-[r:REQUESTED]->(me:User {id: $viewer})
DELETE r
MERGE (them)-[f:FOLLOWS]->(me)
ON CREATE SET f.created_at = $now, f.seq = approval.seq, f.approved = true,
              them.following_count = them.following_count + 1
WITH me, count(*) AS approved, count(CASE WHEN f.seq = approval.seq THEN 1 END) AS followed
SET me.follower_count = me.follower_count + followed
RETURN approved
