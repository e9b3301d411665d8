// The token hashes of a user's sessions: deleting the account ends them, and
// the object cache forgets them (social/accounts.py).
MATCH (s:Session)-[:AUTHENTICATES]->(:User {id: $user_id})
RETURN s.token_hash AS token_hash
