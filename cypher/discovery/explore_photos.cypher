// The photos of an explore page, $ids picked by social/discovery.py, as
// $viewer sees them; the privacy rule is checked again, as on every read
// path, so a photo hidden since it was picked is left out. In no order: the
// caller keeps the order it picked.
// Each photo by primary key and its owner by an OPTIONAL MATCH (a lookup per
// row), as in photos/public_cards: `WHERE photo.id IN $ids` read every
// photo's columns before filtering (grows with the graph), and a plain MATCH
// of the owner joined every POSTED relationship. The OPTIONAL MATCH's WHERE
// leaves `owner` null for a photo the viewer may not see; the next WHERE
// drops that row, on both engines.
UNWIND $ids AS photo_id
MATCH (photo:Photo {id: photo_id})
OPTIONAL MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
WITH photo, owner
WHERE owner IS NOT NULL
RETURN {{photos/photo_columns}}
