// `mention` notifications: comments that mention the recipient on photos they
// may see. Comments on the recipient's own photos notify as `comment` already
// (with the same `seq`, the comment's id), so they are left out here.
MATCH (me:User {id: $viewer})<-[:MENTIONS]-(comment:Comment)
WHERE comment.id < $cursor
MATCH (actor:User)-[:COMMENTED]->(comment)-[:`ON`]->(photo:Photo)
MATCH (owner:User)-[:POSTED]->(photo)
WHERE actor.id <> me.id AND owner.id <> me.id
  AND {{notifications/actor_not_blocked}} AND {{privacy/can_see}}
WITH owner, photo, comment, actor, comment.id AS seq, comment.created_at AS notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'mention' AS type, {{notifications/event_columns}}, {{photos/photo_columns}},
       comment.id AS comment_id, comment.text AS comment_text
