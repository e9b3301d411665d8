// Link a photo to the accounts its caption mentions, by id (idempotent).
MATCH (photo:Photo {id: $id})
UNWIND $users AS user_id
MATCH (user:User {id: user_id})
MERGE (photo)-[:MENTIONS]->(user)
RETURN count(*) AS linked
