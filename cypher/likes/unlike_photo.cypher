// DELETE /v1/photos/{id}/like (idempotent): only an existing like is removed and uncounted.
MATCH (:User {id: $viewer})-[liked:LIKED]->(photo:Photo {id: $photo})
DELETE liked
WITH photo, count(*) AS removed
SET photo.like_count = photo.like_count - removed
RETURN removed
