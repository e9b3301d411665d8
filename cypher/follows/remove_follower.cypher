// Remove $follower from $viewer's followers (idempotent).
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $follower})
OPTIONAL MATCH (them)-[f:FOLLOWS]->(me)
DELETE f
RETURN count(*) AS matched
