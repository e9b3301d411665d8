// GET /v1/search, accounts: those the term $key finds, never across a block
// with $viewer (checked from the viewer's primary key), as public cards.
// Ranking reads at most $candidates of the term's accounts, so a one-letter
// query costs what a long one does: exact usernames first, then the most followed.
MATCH (:SearchTerm {key: $key})-[:FINDS]->(card_user:User)
WITH card_user
LIMIT $candidates
WITH card_user
WHERE NOT EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = card_user.id }
RETURN {{accounts/public_card_columns}}, card_user.username = $exact AS exact
ORDER BY exact DESC, followers DESC, id
LIMIT $limit
