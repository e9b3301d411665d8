// A password change: end every session of the user but $keep, the one that changed it.
// The ended tokens' hashes come back for the object cache to forget (social/sessions.py).
MATCH (u:User {id: $user_id})<-[:AUTHENTICATES]-(s:Session)
WHERE s.id <> $keep
WITH s, s.token_hash AS token_hash
DETACH DELETE s
RETURN token_hash
