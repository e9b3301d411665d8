// GET /v1/me/sessions: the viewer's live sessions, newest first, before $cursor.
MATCH (u:User {id: $viewer})<-[:AUTHENTICATES]-(s:Session)
WHERE s.id < $cursor AND {{sessions/live}}
RETURN s.id AS id, s.created_at AS created_at, s.last_used_at AS last_used_at, s.client AS client
ORDER BY id DESC
LIMIT $limit
