// Synthetic blocks in bulk (jobs/synthetic.py): only between users with no
// follow or request either way, so no counter changes and the graph stays as
// the rules would leave it. The caller never sends an empty list (LadybugDB's
// UNWIND of an empty list of maps fails).
UNWIND $blocks AS pair
MATCH (a:User {id: pair.blocker})
MATCH (b:User {id: pair.blocked})
WHERE NOT EXISTS { MATCH (a)-[:FOLLOWS|REQUESTED]-(b) }
MERGE (a)-[block:BLOCKED]->(b)
ON CREATE SET block.created_at = $now, block.seq = pair.seq
RETURN count(CASE WHEN block.seq = pair.seq THEN 1 END) AS created
