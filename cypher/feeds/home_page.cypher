// GET /v1/feed from the graph: the viewer's own photos and those of the
// accounts they follow, newest first, before $cursor (the `*0..1` form,
// measured fast on both engines; see shared/CYPHER.md). Following an account
// is what lets a viewer see it, and a block deletes follows both ways, so the
// rule is checked only on the page's rows (`can_see`), not on every candidate.
MATCH (:User {id: $viewer})-[:FOLLOWS*0..1]->(owner:User)-[:POSTED]->(photo:Photo)
WHERE photo.id < $cursor
WITH owner, photo
ORDER BY photo.id DESC
LIMIT $limit
RETURN {{photos/photo_columns}},
       {{privacy/can_see}} AS can_see
ORDER BY id DESC
