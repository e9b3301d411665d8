// Stop following $target, or withdraw a pending request to them (idempotent).
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $target})
OPTIONAL MATCH (me)-[f:FOLLOWS]->(them)
OPTIONAL MATCH (me)-[r:REQUESTED]->(them)
DELETE f, r
RETURN count(*) AS matched
