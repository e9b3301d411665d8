// Who a bearer token (by its hash) authenticates, and whether its session is still live: social/sessions.py
// applies the rule of _live.fragment.cypher to these columns (cheaper than a filter in this query).
MATCH (s:Session {token_hash: $token_hash})-[:AUTHENTICATES]->(u:User)
RETURN u.id AS id, u.username AS username,
       s.id AS session_id, s.created_at AS created_at, s.last_used_at AS last_used_at
