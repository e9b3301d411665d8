// Ask to follow a private account (idempotent; no row: re-decide).
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $target})
WHERE them.private = true
  AND NOT EXISTS { MATCH (me)-[:BLOCKED]-(them) }
  AND NOT EXISTS { MATCH (me)-[:FOLLOWS]->(them) }
MERGE (me)-[r:REQUESTED]->(them)
ON CREATE SET r.created_at = $now, r.seq = $seq
RETURN r.seq AS seq
