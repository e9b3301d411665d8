// DELETE /v1/comments/{id}/like (idempotent): only an existing like is removed and uncounted;
// then the comment's count, for the object cache (social/cached.py). No row: nothing was removed.
// The comment is write-locked before the like is matched (see likes/unlike_photo).
MATCH (comment:Comment {id: $comment})
SET comment.like_count = comment.like_count
WITH comment
MATCH (:User {id: $viewer})-[liked:LIKED]->(comment)
DELETE liked
WITH comment, count(*) AS removed
SET comment.like_count = comment.like_count - removed
RETURN removed, comment.like_count AS like_count
