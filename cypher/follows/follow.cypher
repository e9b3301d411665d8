// Follow a public account. Re-checks privacy and blocks inside the statement,
// so a concurrent change cannot slip a follow past them (no row: re-decide).
// The counters change only when MERGE created the follow. On Neo4j that is
// exact under concurrency: MERGE of a relationship between bound nodes locks
// both nodes and looks again before creating (double-checked locking), and a
// SET that reads the property it writes holds the write lock before reading.
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $target})
WHERE them.private = false AND NOT EXISTS { MATCH (me)-[:BLOCKED]-(them) }
MERGE (me)-[f:FOLLOWS]->(them)
ON CREATE SET f.created_at = $now, f.seq = $seq, f.approved = false,
              me.following_count = me.following_count + 1,
              them.follower_count = them.follower_count + 1
RETURN f.seq AS seq
