// `mention` notifications: comments that mention the recipient on photos they
// may see. Comments on the recipient's own photos notify as `comment` already
// (with the same `seq`, the comment's id), so they are left out here.
// Each comment's photo, owner (and author) by OPTIONAL MATCH, the rule in its
// WHERE, the rows without one dropped after: plain MATCHes joined every
// POSTED and COMMENTED relationship (31 -> 12 ms at 10,000 users, 43 -> 14 ms
// at 40,000, same rows). The rule cannot follow a WITH: LadybugDB then
// refused it ("Cannot evaluate expression with type VARIABLE").
MATCH (me:User {id: $viewer})<-[:MENTIONS]-(comment:Comment)
WHERE comment.id < $cursor
OPTIONAL MATCH (actor:User)-[:COMMENTED]->(comment)
WHERE actor.id <> me.id AND {{notifications/actor_not_blocked}}
OPTIONAL MATCH (comment)-[:`ON`]->(photo:Photo)
OPTIONAL MATCH (owner:User)-[:POSTED]->(photo)
WHERE owner.id <> me.id AND {{privacy/can_see}}
WITH owner, photo, comment, actor, comment.id AS seq, comment.created_at AS notified_at
WHERE actor IS NOT NULL AND owner IS NOT NULL
WITH owner, photo, comment, actor, seq, notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'mention' AS type, {{notifications/event_columns}}, {{photos/photo_columns}},
       comment.id AS comment_id, comment.text AS comment_text
