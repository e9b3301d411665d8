// GET /v1/users/{username}/followers: cards, newest follow first, before
// $cursor, for a viewer the privacy rule lets in; accounts blocked either way
// are left out.
MATCH (owner:User {id: $owner})
WHERE {{privacy/can_see}}
MATCH (them:User)-[f:FOLLOWS]->(owner)
WHERE f.seq < $cursor AND NOT EXISTS { MATCH (them)-[:BLOCKED]-(:User {id: $viewer}) }
WITH them AS card_user, f.seq AS seq
ORDER BY seq DESC
LIMIT $limit
RETURN {{accounts/card_columns}}, seq
ORDER BY seq DESC
