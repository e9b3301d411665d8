// Photos by id with the columns every viewer shares, for the object cache
// (social/cached.py): who may see each, and whether they liked it, is decided
// from cached relations and likes (social/privacy.py). Each photo by primary
// key and its owner by an OPTIONAL MATCH, a lookup per row (a plain MATCH
// joined every POSTED relationship: see feeds/photo_ids_by).
UNWIND $ids AS photo_id
MATCH (photo:Photo {id: photo_id})
OPTIONAL MATCH (owner:User)-[:POSTED]->(photo)
WITH photo, owner
WHERE owner IS NOT NULL
RETURN {{photos/public_photo_columns}}
