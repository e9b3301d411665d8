// `follow_approved` notifications, keys only: the recipient's requests that
// the followed account approved.
MATCH (:User {id: $viewer})-[event:FOLLOWS]->(actor:User)
WHERE event.seq < $cursor AND event.approved = true
WITH 'follow_approved' AS type, event.seq AS seq, event.created_at AS notified_at, actor.id AS actor_id, 0 AS photo_id,
     0 AS comment_id
ORDER BY seq DESC
LIMIT $limit
RETURN {{notifications/event_keys}}
