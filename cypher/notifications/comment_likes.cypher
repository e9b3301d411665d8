// `like` notifications: others' likes of the recipient's comments, on photos
// the recipient may still see (the rule decides: no notification shows a photo it hides).
MATCH (me:User {id: $viewer})-[:COMMENTED]->(comment:Comment)<-[event:LIKED]-(actor:User)
WHERE event.seq < $cursor AND actor.id <> me.id AND {{notifications/actor_not_blocked}}
MATCH (comment)-[:`ON`]->(photo:Photo)
MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
WITH owner, photo, comment, actor, event.seq AS seq, event.created_at AS notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'like' AS type, {{notifications/event_columns}}, {{photos/photo_columns}},
       comment.id AS comment_id, comment.text AS comment_text
