// Link users to existing search terms: $links is a list of {id, key} (idempotent).
UNWIND $links AS link
MATCH (term:SearchTerm {key: link.key})
MATCH (user:User {id: link.id})
MERGE (term)-[:FINDS]->(user)
RETURN count(*) AS linked
