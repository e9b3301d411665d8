// DELETE /v1/photos/{id}/like (idempotent): only an existing like is removed and uncounted;
// then the photo's count, for the object cache (social/cached.py). No row: nothing was removed.
// The photo is write-locked before the like is matched: on Neo4j a DELETE that a
// concurrent transaction got to first is skipped yet still counted, so a like
// matched before the lock would be subtracted twice (follows/_lock_both.fragment.cypher).
MATCH (photo:Photo {id: $photo})
SET photo.like_count = photo.like_count
WITH photo
MATCH (:User {id: $viewer})-[liked:LIKED]->(photo)
DELETE liked
WITH photo, count(*) AS removed
SET photo.like_count = photo.like_count - removed
RETURN removed, photo.like_count AS like_count
