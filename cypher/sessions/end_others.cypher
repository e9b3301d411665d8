// A password change: end every session of the user but $keep, the one that changed it.
MATCH (u:User {id: $user_id})<-[:AUTHENTICATES]-(s:Session)
WHERE s.id <> $keep
DETACH DELETE s
RETURN count(*) AS ended
