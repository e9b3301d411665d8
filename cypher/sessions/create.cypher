// Log in: a session for the user, keyed by the SHA-256 of its bearer token; $id is what its owner sees.
MATCH (u:User {id: $user_id})
CREATE (s:Session {token_hash: $token_hash, id: $id, created_at: $now, last_used_at: $now, client: $client})
       -[:AUTHENTICATES]->(u)
RETURN s.id AS id
