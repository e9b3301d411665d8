// `comment` notifications: others' comments on the recipient's photos.
MATCH (owner:User {id: $viewer})-[:POSTED]->(photo:Photo)<-[:`ON`]-(comment:Comment)<-[event:COMMENTED]-(actor:User)
WHERE event.seq < $cursor AND actor.id <> owner.id AND {{notifications/actor_not_blocked}}
WITH owner, photo, comment, actor, event.seq AS seq, event.created_at AS notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'comment' AS type, {{notifications/event_columns}}, {{photos/photo_columns}},
       comment.id AS comment_id, comment.text AS comment_text
