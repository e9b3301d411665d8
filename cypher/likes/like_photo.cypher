// POST /v1/photos/{id}/like (idempotent) if the privacy rule lets $viewer see
// the photo; the photo counts the like only when LIKED is new. On Neo4j, MERGE
// of a relationship between bound nodes locks both ends, so concurrent likes
// increment under the lock. No row: the photo is gone or hidden; else the
// photo's count after the like, for the object cache (social/cached.py).
MATCH (photo:Photo {id: $photo})
MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
MATCH (me:User {id: $viewer})
MERGE (me)-[liked:LIKED]->(photo)
ON CREATE SET liked.created_at = $now, liked.seq = $seq, photo.like_count = photo.like_count + 1
RETURN liked.seq AS seq, photo.like_count AS like_count
