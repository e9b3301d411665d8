// GET /v1/feed, first step (social/feeds.py): the ids of the viewer's own
// photos and those of the accounts they follow, newest first, before
// $cursor: the `*0..1` form measured fast on both engines (shared/CYPHER.md).
// Also what a Redis timeline is rebuilt from. Ids only: their photos are
// fetched by primary key through the privacy rule (feeds/feed_photos); one
// statement returning the columns read them for every candidate photo before
// the top 20 were chosen (29 ms at 20,000 users, 119 ms at 100,000, against
// 2.8 ms for the two steps at 20,000).
MATCH (:User {id: $viewer})-[:FOLLOWS*0..1]->(:User)-[:POSTED]->(photo:Photo)
WHERE photo.id < $cursor
WITH photo.id AS id
ORDER BY id DESC
LIMIT $limit
RETURN id
ORDER BY id DESC
