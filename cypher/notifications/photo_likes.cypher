// `like` notifications: others' likes of the recipient's photos, newest first, before $cursor.
// The actor is compared with the recipient's bound node, never with $viewer: LadybugDB
// 0.22 drops `event.seq < $cursor` when it is ANDed with `actor.id <> $viewer` (a
// relationship property against one parameter, a node property against another).
MATCH (owner:User {id: $viewer})-[:POSTED]->(photo:Photo)<-[event:LIKED]-(actor:User)
WHERE event.seq < $cursor AND actor.id <> owner.id AND {{notifications/actor_not_blocked}}
WITH owner, photo, actor, event.seq AS seq, event.created_at AS notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'like' AS type, {{notifications/event_columns}}, {{photos/photo_columns}}
