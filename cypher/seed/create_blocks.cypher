// Synthetic blocks in batches (jobs/batched_write.py), written before any
// follow or request: the generator draws those around the blocks, so
// nothing crosses one, and blocks change no counter. The caller never sends
// an empty list (LadybugDB's UNWIND of an empty list of maps fails).
UNWIND $blocks AS row
MATCH (a:User {id: row.blocker})
MATCH (b:User {id: row.blocked})
CREATE (a)-[:BLOCKED {created_at: row.created_at, seq: row.seq}]->(b)
RETURN count(*) AS created
