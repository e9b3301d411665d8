// PATCH /v1/photos/{id} by its owner: a null parameter keeps the stored value
// (the hashtag and mention lists change only with the caption they come from).
MATCH (:User {id: $owner})-[:POSTED]->(photo:Photo {id: $id})
SET photo.caption = coalesce($caption, photo.caption),
    photo.alt_text = coalesce($alt_text, photo.alt_text),
    photo.hashtags = coalesce($hashtags, photo.hashtags),
    photo.mentions = coalesce($mentions, photo.mentions)
RETURN photo.id AS id
