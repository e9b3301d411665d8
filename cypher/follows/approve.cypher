// Turn pending requests into follows, each with its own new $approvals[i].seq.
// Rows come back only for requests that existed.
UNWIND $approvals AS approval
MATCH (them:User {id: approval.requester})-[r:REQUESTED]->(me:User {id: $viewer})
DELETE r
MERGE (them)-[f:FOLLOWS]->(me)
ON CREATE SET f.created_at = $now, f.seq = approval.seq
RETURN them.id AS requester
