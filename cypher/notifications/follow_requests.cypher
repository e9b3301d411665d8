// `follow_request` notifications, keys only: requests pending to the recipient
// (approving or denying one takes it away; a block deletes requests both ways).
MATCH (actor:User)-[event:REQUESTED]->(:User {id: $viewer})
WHERE event.seq < $cursor
WITH 'follow_request' AS type, event.seq AS seq, event.created_at AS notified_at, actor.id AS actor_id, 0 AS photo_id,
     0 AS comment_id
ORDER BY seq DESC
LIMIT $limit
RETURN {{notifications/event_keys}}
