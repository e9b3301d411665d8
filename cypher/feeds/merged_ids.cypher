// The ids a Redis timeline never holds, merged into a feed page when it is
// read: the viewer's own photos (seen at once, before any fan-out) and those
// of the accounts they follow that are too big to fan out (more than
// $max_followers followers), newest first, before $cursor.
MATCH (viewer:User {id: $viewer})-[:FOLLOWS*0..1]->(owner:User)
WHERE owner.id = viewer.id OR owner.follower_count > $max_followers
MATCH (owner)-[:POSTED]->(photo:Photo)
WHERE photo.id < $cursor
WITH photo.id AS id
ORDER BY id DESC
LIMIT $limit
RETURN id
ORDER BY id DESC
