// GET /v1/me/suggestions: accounts followed by the accounts $viewer followed
// since $horizon (a follow's seq, discovery/followings_horizon), ranked by
// how many of those follow them, then newest account first; a page of
// $limit from position $offset. Never the viewer, an account they follow or
// asked to follow, or one blocked either way. `mutuals` says who follows
// them and when the viewer followed each (the reason names the most recent).
// The exclusions run once per candidate, after counting, and start at the
// viewer's primary key: LadybugDB plans a subquery that starts from a node
// bound by a traversal as a scan of every user.
MATCH (:User {id: $viewer})-[follow:FOLLOWS]->(mutual:User)-[:FOLLOWS]->(candidate:User)
WHERE follow.seq >= $horizon
WITH candidate, count(*) AS mutual_count, collect({username: mutual.username, seq: follow.seq}) AS mutuals
WHERE candidate.id <> $viewer
  AND NOT EXISTS { MATCH (:User {id: $viewer})-[:FOLLOWS]->(known:User) WHERE known.id = candidate.id }
  AND NOT EXISTS { MATCH (:User {id: $viewer})-[:REQUESTED]->(asked:User) WHERE asked.id = candidate.id }
  AND NOT EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = candidate.id }
WITH candidate AS card_user, mutual_count, mutuals
ORDER BY mutual_count DESC, card_user.id DESC
SKIP $offset
LIMIT $limit
RETURN {{accounts/card_columns}}, mutual_count, mutuals
ORDER BY mutual_count DESC, id DESC
