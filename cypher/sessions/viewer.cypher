// Who a bearer token (by its hash) authenticates.
MATCH (s:Session {token_hash: $token_hash})-[:AUTHENTICATES]->(u:User)
RETURN u.id AS id, u.username AS username
