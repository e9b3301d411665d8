// Synthetic comments in batches (jobs/batched_write.py), each photo's
// comment count raised by its comments of the batch, once (LadybugDB applies
// `SET n.c = n.c + 1` once for all the rows that carry the same n). Replies
// are comments on the photo too; seed/create_replies links them to the
// comment they answer and seed/mention_comments links what `mentions` names,
// in the same transaction. The caller never sends an empty list (LadybugDB's
// UNWIND of an empty list of maps fails).
UNWIND $comments AS row
MATCH (author:User {id: row.author})
MATCH (photo:Photo {id: row.photo})
CREATE (author)-[:COMMENTED {created_at: row.created_at, seq: row.id}]->(comment:Comment {
  id: row.id,
  text: row.text,
  hashtags: [],
  mentions: row.mentions,
  created_at: row.created_at,
  like_count: 0
})-[:`ON`]->(photo)
WITH photo, count(comment) AS gained
SET photo.comment_count = photo.comment_count + gained
RETURN sum(gained) AS created
