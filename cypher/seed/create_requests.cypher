// Synthetic pending follow requests in batches (jobs/batched_write.py): the
// generator draws them only to private accounts the asker does not follow,
// with no block either way, as the rules would leave them. The caller never
// sends an empty list (LadybugDB's UNWIND of an empty list of maps fails).
UNWIND $requests AS row
MATCH (a:User {id: row.requester})
MATCH (b:User {id: row.target})
CREATE (a)-[:REQUESTED {created_at: row.created_at, seq: row.seq}]->(b)
RETURN count(*) AS created
