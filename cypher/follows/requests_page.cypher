// GET /v1/me/follow-requests: requesters' cards, oldest request first, after $cursor.
MATCH (them:User)-[r:REQUESTED]->(:User {id: $viewer})
WHERE r.seq > $cursor
WITH them AS card_user, r.seq AS seq, r.created_at AS requested_at
ORDER BY seq
LIMIT $limit
RETURN {{accounts/card_columns}}, seq, requested_at
ORDER BY seq
