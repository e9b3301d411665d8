// Synthetic photos in batches (jobs/batched_write.py), each owner's photo
// count raised by the photos of the batch, once (LadybugDB applies
// `SET n.c = n.c + 1` once for all the rows that carry the same n). Each
// row's media names sizes that hold no bytes (jobs/synthetic.py). seed/tag_photos
// tags them and seed/mention_photos links what `mentions` names in the same
// transaction. The caller never sends an empty list (LadybugDB's UNWIND of an
// empty list of maps fails).
UNWIND $photos AS row
MATCH (owner:User {id: row.owner})
CREATE (owner)-[:POSTED {created_at: row.created_at, seq: row.id}]->(photo:Photo {
  id: row.id,
  caption: row.caption,
  alt_text: '',
  hashtags: row.hashtags,
  mentions: row.mentions,
  media: row.media,
  blurhash: '',
  created_at: row.created_at,
  like_count: 0,
  comment_count: 0
})
WITH owner, count(photo) AS posted
SET owner.photo_count = owner.photo_count + posted
RETURN sum(posted) AS created
