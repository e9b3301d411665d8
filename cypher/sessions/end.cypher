// DELETE /v1/me/sessions/{id}: end one of the viewer's sessions; nothing when it is not theirs.
MATCH (u:User {id: $viewer})<-[:AUTHENTICATES]-(s:Session {id: $id})
DETACH DELETE s
RETURN count(*) AS ended
