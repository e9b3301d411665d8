// GET /v1/users/{username}/photos: the owner's photos, newest first, before
// $cursor, for a viewer the privacy rule lets in.
MATCH (owner:User {id: $owner})
WHERE {{privacy/can_see}}
MATCH (owner)-[:POSTED]->(photo:Photo)
WHERE photo.id < $cursor
WITH owner, photo
ORDER BY photo.id DESC
LIMIT $limit
RETURN {{photos/photo_columns}}
ORDER BY id DESC
