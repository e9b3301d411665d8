// Follow a public account. Re-checks privacy and blocks inside the statement,
// so a concurrent change cannot slip a follow past them (no row: re-decide).
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $target})
WHERE them.private = false AND NOT EXISTS { MATCH (me)-[:BLOCKED]-(them) }
MERGE (me)-[f:FOLLOWS]->(them)
ON CREATE SET f.created_at = $now, f.seq = $seq
RETURN f.seq AS seq
