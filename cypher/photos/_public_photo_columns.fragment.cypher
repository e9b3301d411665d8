// The columns of a photo that are the same for every viewer (the object
// cache keeps them: social/cached.py): the photo bound as `photo`, its owner
// as `owner`. The counts are stored counters, not scans.
photo.id AS id,
owner.id AS owner_id,
owner.username AS owner_username,
photo.caption AS caption,
photo.alt_text AS alt_text,
photo.hashtags AS hashtags,
photo.mentions AS mentions,
photo.created_at AS created_at,
photo.media AS media,
photo.blurhash AS blurhash,
photo.like_count AS like_count,
photo.comment_count AS comment_count
