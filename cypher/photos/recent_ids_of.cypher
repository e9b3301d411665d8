// Every photo id of each of the accounts $owners (social/cached.py keeps the
// newest ones per account, which profile grids and graph-path feeds page
// through). Each owner by primary key and their photos by OPTIONAL MATCH (a
// lookup per owner), as in feeds/photo_ids_by; an account with no photo gets
// an empty list.
UNWIND $owners AS owner_id
MATCH (owner:User {id: owner_id})
OPTIONAL MATCH (owner)-[:POSTED]->(photo:Photo)
RETURN owner_id AS id, collect(photo.id) AS ids
