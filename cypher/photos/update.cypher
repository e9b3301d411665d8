// PATCH /v1/photos/{id} by its owner: a null parameter keeps the stored value;
// the hashtag and mention lists are those of the caption as it now reads.
MATCH (:User {id: $owner})-[:POSTED]->(photo:Photo {id: $id})
SET photo.caption = coalesce($caption, photo.caption),
    photo.alt_text = coalesce($alt_text, photo.alt_text),
    photo.hashtags = $hashtags,
    photo.mentions = $mentions
RETURN photo.id AS id
