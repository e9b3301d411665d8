// DELETE /v1/me/sessions/{id}: end one of the viewer's sessions; no row when it is not theirs.
// The token's hash comes back for the object cache to forget (social/sessions.py).
MATCH (u:User {id: $viewer})<-[:AUTHENTICATES]-(s:Session {id: $id})
WITH s, s.token_hash AS token_hash
DETACH DELETE s
RETURN token_hash
