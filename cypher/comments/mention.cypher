// Link a comment to the accounts its text mentions, by id (idempotent).
MATCH (comment:Comment {id: $id})
UNWIND $users AS user_id
MATCH (user:User {id: user_id})
MERGE (comment)-[:MENTIONS]->(user)
RETURN count(*) AS linked
