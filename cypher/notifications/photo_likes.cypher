// `like` notifications: others' likes of the recipient's photos, newest first, before $cursor.
MATCH (owner:User {id: $viewer})-[:POSTED]->(photo:Photo)<-[event:LIKED]-(actor:User)
WHERE event.seq < $cursor AND actor.id <> $viewer AND {{notifications/actor_not_blocked}}
WITH owner, photo, actor, event.seq AS seq, event.created_at AS notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'like' AS type, {{notifications/event_columns}}, {{photos/photo_columns}}
