// `mention` notifications: captions that mention the recipient, on photos the
// rule lets the recipient see (a mention gives no access: a private photo's
// mention of a non-follower notifies nobody). `seq` is the photo's id.
MATCH (me:User {id: $viewer})<-[:MENTIONS]-(photo:Photo)
WHERE photo.id < $cursor
MATCH (owner:User)-[:POSTED]->(photo)
WHERE owner.id <> me.id AND {{privacy/can_see}}
WITH owner, photo, owner AS actor, photo.id AS seq, photo.created_at AS notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'mention' AS type, {{notifications/event_columns}}, {{photos/photo_columns}}
