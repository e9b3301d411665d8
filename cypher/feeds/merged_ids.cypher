// The ids no Redis timeline holds, merged into a feed page when it is read:
// the photos of $owners (big accounts the viewer follows, from
// feeds/big_followings), newest first, before $cursor. (The viewer's own
// photos are pushed into their own timeline as they post.)
// Each owner by primary key and their photos by OPTIONAL MATCH (a lookup
// per owner): a plain MATCH joined every POSTED relationship on LadybugDB.
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
