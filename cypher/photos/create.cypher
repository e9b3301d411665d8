// POST /v1/photos: the photo, posted by $owner, whose photo count goes up with it.
MATCH (owner:User {id: $owner})
CREATE (owner)-[:POSTED {created_at: $now, seq: $id}]->(photo:Photo {
  id: $id,
  caption: $caption,
  alt_text: $alt_text,
  hashtags: $hashtags,
  mentions: $mentions,
  media: $media,
  blurhash: $blurhash,
  created_at: $now,
  like_count: 0,
  comment_count: 0
})
SET owner.photo_count = owner.photo_count + 1
RETURN photo.id AS id
