// The newest photo ids of the accounts $owners, before $cursor: the ids of a
// feed page (the viewer and the accounts they follow, feeds/followed_ids),
// what a Redis timeline is rebuilt from, and the photos of big accounts
// merged into a timeline's page.
// Each owner by primary key and their photos by OPTIONAL MATCH (a lookup
// per owner): flat at 1.3 ms from 10,000 to 50,000 users, where the one
// `(:User {id: $viewer})-[:FOLLOWS*0..1]->()-[:POSTED]->()` traversal grew
// from 3.3 to 10 ms (a join over every POSTED relationship) and a plain
// MATCH of the photos did the same.
UNWIND $owners AS owner_id
MATCH (owner:User {id: owner_id})
OPTIONAL MATCH (owner)-[:POSTED]->(photo:Photo)
WHERE photo.id < $cursor
WITH photo.id AS id
WHERE id IS NOT NULL
WITH id
ORDER BY id DESC
LIMIT $limit
RETURN id
ORDER BY id DESC
