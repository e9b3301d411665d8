// The columns of a user card (social/accounts.py builds the card from them):
// the user bound as `card_user`, and how $viewer (0: anonymous) relates to them.
// The counts are stored counters (see graph/models.py), not scans.
card_user.id AS id,
card_user.username AS username,
card_user.display_name AS display_name,
card_user.bio AS bio,
card_user.private AS private,
card_user.photo_count AS photos,
card_user.follower_count AS followers,
card_user.following_count AS following,
EXISTS { MATCH (:User {id: $viewer})-[:FOLLOWS]->(card_user) } AS viewer_follows,
EXISTS { MATCH (:User {id: $viewer})-[:REQUESTED]->(card_user) } AS viewer_requested,
EXISTS { MATCH (card_user)-[:FOLLOWS]->(:User {id: $viewer}) } AS follows_viewer,
EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]->(card_user) } AS viewer_blocks,
EXISTS { MATCH (card_user)-[:BLOCKED]->(:User {id: $viewer}) } AS blocks_viewer
