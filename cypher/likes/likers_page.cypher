// GET /v1/photos/{id}/likes: likers' cards, newest like first, before $cursor,
// for a viewer the privacy rule lets see the photo; accounts blocked either way are left out.
MATCH (photo:Photo {id: $photo})
MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
MATCH (them:User)-[liked:LIKED]->(photo)
WHERE liked.seq < $cursor
  AND NOT EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = them.id }
WITH them AS card_user, liked.seq AS seq
ORDER BY seq DESC
LIMIT $limit
RETURN {{accounts/card_columns}}, seq
ORDER BY seq DESC
