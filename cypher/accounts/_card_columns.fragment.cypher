// The columns of a user card (social/accounts.py builds the card from them):
// the user bound as `card_user`, and how $viewer (0: anonymous) relates to them.
// The counts are stored counters (see graph/models.py), not scans.
// Each relationship check starts at the viewer's primary key and matches
// card_user by id: LadybugDB plans a subquery that starts from a card_user
// bound by a traversal (the Username node, a follower list) as a scan of
// every user (3 ms at 100,000 users), this form as a walk over the viewer's
// relationships of that type (0.1 ms).
{{accounts/public_card_columns}},
EXISTS { MATCH (:User {id: $viewer})-[:FOLLOWS]->(followed:User) WHERE followed.id = card_user.id } AS viewer_follows,
EXISTS { MATCH (:User {id: $viewer})-[:REQUESTED]->(requested:User) WHERE requested.id = card_user.id }
  AS viewer_requested,
EXISTS { MATCH (follower:User)-[:FOLLOWS]->(:User {id: $viewer}) WHERE follower.id = card_user.id } AS follows_viewer,
EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]->(blocked:User) WHERE blocked.id = card_user.id } AS viewer_blocks,
EXISTS { MATCH (blocker:User)-[:BLOCKED]->(:User {id: $viewer}) WHERE blocker.id = card_user.id } AS blocks_viewer
