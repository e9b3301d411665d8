// POST /v1/photos/{id}/comments by $viewer, if the privacy rule lets them see
// the photo (checked again here, so a block racing the comment cannot slip by).
// The photo counts one comment more. No row: the photo is gone or hidden; else
// what the answer and the object cache (social/cached.py) need besides what was written.
MATCH (photo:Photo {id: $photo})
MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
MATCH (author:User {id: $viewer})
CREATE (author)-[:COMMENTED {created_at: $now, seq: $id}]->(comment:Comment {
  id: $id,
  text: $text,
  hashtags: $hashtags,
  mentions: $mentions,
  created_at: $now,
  like_count: 0
})-[:`ON`]->(photo)
SET photo.comment_count = photo.comment_count + 1
RETURN comment.id AS id, author.username AS author_username, photo.comment_count AS comment_count
