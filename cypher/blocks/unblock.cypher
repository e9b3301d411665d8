// Lift $viewer's block of $target (idempotent).
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $target})
OPTIONAL MATCH (me)-[b:BLOCKED]->(them)
DELETE b
RETURN count(*) AS matched
