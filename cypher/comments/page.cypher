// GET /v1/photos/{id}/comments: oldest first, after $cursor, for a viewer the
// privacy rule lets see the photo; comments by accounts blocked either way are
// left out. Comments are found from the photo, and the block check starts at
// the viewer's primary key (see privacy/can_see for why).
MATCH (photo:Photo {id: $photo})
MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
MATCH (comment:Comment)-[:`ON`]->(photo)
WHERE comment.id > $cursor
MATCH (author:User)-[:COMMENTED]->(comment)
WHERE NOT EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = author.id }
WITH photo, author, comment
ORDER BY comment.id
LIMIT $limit
OPTIONAL MATCH (comment)-[:REPLY_TO]->(parent:Comment)
RETURN {{comments/comment_columns}}
ORDER BY id
