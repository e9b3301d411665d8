// `like` notifications, keys only: others' likes of the recipient's photos,
// newest first, before $cursor (social/notifications.py says why keys first).
// The actor is compared with the recipient's bound node, never with $viewer: LadybugDB
// 0.22 drops `event.seq < $cursor` when it is ANDed with `actor.id <> $viewer` (a
// relationship property against one parameter, a node property against another).
// One MATCH measured faster here than OPTIONAL MATCH hops (1.3 against 1.4 ms,
// 4.0 against 5.1 ms for the most followed account at 40,000 users).
MATCH (me:User {id: $viewer})-[:POSTED]->(photo:Photo)<-[event:LIKED]-(actor:User)
WHERE event.seq < $cursor AND actor.id <> me.id
WITH 'like' AS type, event.seq AS seq, event.created_at AS notified_at, actor.id AS actor_id, photo.id AS photo_id,
     0 AS comment_id
ORDER BY seq DESC
LIMIT $limit
RETURN {{notifications/event_keys}}
