// The columns of a comment that are the same for every viewer (the object
// cache keeps them): the comment bound as `comment`, its photo as `photo`,
// its author as `author`, the comment it replies to (or null) as `parent`.
comment.id AS id,
photo.id AS photo_id,
author.id AS author_id,
author.username AS author_username,
comment.text AS text,
comment.hashtags AS hashtags,
comment.mentions AS mentions,
parent.id AS reply_to,
comment.created_at AS created_at,
comment.like_count AS like_count
