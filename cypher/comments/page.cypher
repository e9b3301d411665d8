// GET /v1/photos/{id}/comments: oldest first, after $cursor, for a viewer the
// privacy rule lets see the photo; comments by accounts blocked either way are left out.
MATCH (photo:Photo {id: $photo})
MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
MATCH (author:User)-[:COMMENTED]->(comment:Comment)-[:`ON`]->(photo)
WHERE comment.id > $cursor AND NOT EXISTS { MATCH (author)-[:BLOCKED]-(:User {id: $viewer}) }
WITH photo, author, comment
ORDER BY comment.id
LIMIT $limit
OPTIONAL MATCH (comment)-[:REPLY_TO]->(parent:Comment)
RETURN {{comments/comment_columns}}
ORDER BY id
