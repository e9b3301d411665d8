// An account's newest photo ids: what a new follower's timeline takes in,
// and what an unfollow or a block takes out of it.
MATCH (:User {id: $owner})-[:POSTED]->(photo:Photo)
WITH photo.id AS id
ORDER BY id DESC
LIMIT $limit
RETURN id
ORDER BY id DESC
