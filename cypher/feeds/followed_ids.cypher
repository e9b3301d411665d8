// The accounts $viewer follows, with their follower counts: whose photos
// make the viewer's home feed (with their own, feeds/photo_ids_by), and,
// with Redis timelines, which of them are too big to have been fanned out
// (their photos are merged in when the feed is read).
MATCH (:User {id: $viewer})-[:FOLLOWS]->(followed:User)
RETURN followed.id AS id, followed.follower_count AS follower_count
