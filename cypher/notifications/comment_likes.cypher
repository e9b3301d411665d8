// `like` notifications: others' likes of the recipient's comments, on photos
// the recipient may still see (the rule decides: no notification shows a photo it hides).
// Each comment's photo, owner (and author) by OPTIONAL MATCH, the rule in its
// WHERE, the rows without one dropped after: plain MATCHes joined every
// POSTED and COMMENTED relationship (31 -> 12 ms at 10,000 users, 43 -> 14 ms
// at 40,000, same rows). The rule cannot follow a WITH: LadybugDB then
// refused it ("Cannot evaluate expression with type VARIABLE").
MATCH (me:User {id: $viewer})-[:COMMENTED]->(comment:Comment)<-[event:LIKED]-(actor:User)
WHERE event.seq < $cursor AND actor.id <> me.id AND {{notifications/actor_not_blocked}}
OPTIONAL MATCH (comment)-[:`ON`]->(photo:Photo)
OPTIONAL MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
WITH owner, photo, comment, actor, event.seq AS seq, event.created_at AS notified_at
WHERE owner IS NOT NULL
WITH owner, photo, comment, actor, seq, notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'like' AS type, {{notifications/event_columns}}, {{photos/photo_columns}},
       comment.id AS comment_id, comment.text AS comment_text
