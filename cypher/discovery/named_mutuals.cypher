// GET /v1/me/suggestions served from a stored list (social/discovery.py): the
// accounts its reasons name, $names, checked now. A name counts only while
// $viewer follows that account, no block stands between them, and it
// follows the suggested account: one row per such pair, the suggested
// accounts among $ids. (A follow implies no block, since blocking removes
// follows; the block is checked all the same, because a reason must never
// name an account across one.)
MATCH (:User {id: $viewer})-[:FOLLOWS]->(mutual:User)
WHERE mutual.username IN $names
  AND NOT EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = mutual.id }
MATCH (mutual)-[:FOLLOWS]->(suggested:User)
WHERE suggested.id IN $ids
RETURN mutual.username AS username, suggested.id AS suggested
