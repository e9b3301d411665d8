// Which of $names are accounts $author may mention: they exist and no block
// stands between them, either way. Found through the Username index.
UNWIND $names AS name
MATCH (:Username {name: name})-[:NAMES]->(user:User)
WHERE NOT EXISTS { MATCH (user)-[:BLOCKED]-(:User {id: $author}) }
RETURN user.id AS id, user.username AS username
