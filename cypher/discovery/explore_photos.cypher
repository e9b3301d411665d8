// The photos of an explore page, $ids picked by social/discovery.py, as
// $viewer sees them; the privacy rule is checked again, as on every read
// path, so a photo hidden since it was picked is left out. In no order: the
// caller keeps the order it picked.
// `IN $ids` and not UNWIND: LadybugDB joined each unwound id's owner against
// every POSTED relationship (15 ms for 20 photos at 20,000 users, 1 ms so);
// on Neo4j both are seeks in the id index.
MATCH (photo:Photo)
WHERE photo.id IN $ids
MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
RETURN {{photos/photo_columns}}
