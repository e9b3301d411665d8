// `mention` notifications, keys only: others' comments that mention the
// recipient, on others' photos: a comment on the recipient's own photo
// notifies as a `comment` already (with the same `seq`, the comment's id).
// Hops by OPTIONAL MATCH, the conditions in their WHERE, rows without an
// author or owner dropped after: plain MATCHes joined every POSTED and
// COMMENTED relationship.
MATCH (me:User {id: $viewer})
OPTIONAL MATCH (me)<-[:MENTIONS]-(comment:Comment)
WHERE comment.id < $cursor
OPTIONAL MATCH (actor:User)-[:COMMENTED]->(comment)
WHERE actor.id <> me.id
OPTIONAL MATCH (comment)-[:`ON`]->(photo:Photo)
OPTIONAL MATCH (owner:User)-[:POSTED]->(photo)
WHERE owner.id <> me.id
WITH 'mention' AS type, comment.id AS seq, comment.created_at AS notified_at, actor.id AS actor_id, photo.id AS photo_id,
     comment.id AS comment_id, owner
WHERE actor_id IS NOT NULL AND owner IS NOT NULL
WITH type, seq, notified_at, actor_id, photo_id, comment_id
ORDER BY seq DESC
LIMIT $limit
RETURN {{notifications/event_keys}}
