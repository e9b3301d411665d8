// DELETE /v1/comments/{id}/like (idempotent): only an existing like is removed and uncounted.
MATCH (:User {id: $viewer})-[liked:LIKED]->(comment:Comment {id: $comment})
DELETE liked
WITH comment, count(*) AS removed
SET comment.like_count = comment.like_count - removed
RETURN removed
