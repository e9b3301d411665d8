// Synthetic pending follow requests in bulk (jobs/synthetic.py): only to a
// private account the asker does not follow, with no block either way, as
// the rules would leave them.
// The caller never sends an empty list (LadybugDB's UNWIND of an empty list
// of maps fails).
UNWIND $requests AS pair
MATCH (a:User {id: pair.requester})
MATCH (b:User {id: pair.target})
WHERE b.private = true
  AND NOT EXISTS { MATCH (a)-[:FOLLOWS]->(b) }
  AND NOT EXISTS { MATCH (a)-[:BLOCKED]-(b) }
MERGE (a)-[r:REQUESTED]->(b)
ON CREATE SET r.created_at = $now, r.seq = pair.seq
RETURN count(CASE WHEN r.seq = pair.seq THEN 1 END) AS created
