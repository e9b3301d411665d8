// Log out: the token stops working.
MATCH (s:Session {token_hash: $token_hash})
DETACH DELETE s
RETURN count(*) AS deleted
