// GET /v1/hashtags/{name}: the hashtag (keyed by its name: an index lookup on both engines).
MATCH (hashtag:Hashtag {name: $name})
RETURN hashtag.name AS name, hashtag.photo_count AS photo_count
