// Log in: a session for the user, keyed by the SHA-256 of its bearer token.
MATCH (u:User {id: $user_id})
CREATE (s:Session {token_hash: $token_hash, created_at: $now})-[:AUTHENTICATES]->(u)
RETURN s.created_at AS created_at
