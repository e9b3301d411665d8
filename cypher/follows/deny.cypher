// Refuse a pending follow request (idempotent).
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $requester})
OPTIONAL MATCH (them)-[r:REQUESTED]->(me)
DELETE r
RETURN count(*) AS matched
