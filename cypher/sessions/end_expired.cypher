// Log in: end the user's sessions that are no longer live, so expired ones do not pile up.
MATCH (u:User {id: $user_id})<-[:AUTHENTICATES]-(s:Session)
WHERE NOT ({{sessions/live}})
DETACH DELETE s
RETURN count(*) AS ended
