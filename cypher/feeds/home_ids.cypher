// Rebuilding a Redis timeline (social/feeds.py): the ids of the viewer's
// newest feed photos, the home_page traversal without the columns. The
// privacy rule is not checked here: every id read back from a timeline is
// checked when its photo is fetched (feeds/timeline_photos).
MATCH (:User {id: $viewer})-[:FOLLOWS*0..1]->(:User)-[:POSTED]->(photo:Photo)
WITH photo.id AS id
ORDER BY id DESC
LIMIT $limit
RETURN id
ORDER BY id DESC
