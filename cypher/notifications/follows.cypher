// `follow` notifications, keys only: accounts that follow the recipient by
// their own choice (an approved request was the recipient's own doing).
MATCH (actor:User)-[event:FOLLOWS]->(:User {id: $viewer})
WHERE event.seq < $cursor AND coalesce(event.approved, false) = false
WITH 'follow' AS type, event.seq AS seq, event.created_at AS notified_at, actor.id AS actor_id, 0 AS photo_id,
     0 AS comment_id
ORDER BY seq DESC
LIMIT $limit
RETURN {{notifications/event_keys}}
