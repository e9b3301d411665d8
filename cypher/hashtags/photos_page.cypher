// GET /v1/hashtags/{name}/photos: photos tagged $name that the privacy rule
// lets $viewer see, newest first, before $cursor.
MATCH (:Hashtag {name: $name})<-[:TAGGED]-(photo:Photo)
WHERE photo.id < $cursor
MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
WITH owner, photo
ORDER BY photo.id DESC
LIMIT $limit
RETURN {{photos/photo_columns}}
ORDER BY id DESC
