// Remove a photo's hashtags that are not in $keep (all of them for []): each
// hashtag left counts one photo fewer, summed per hashtag; their names come
// back (social/cached.py forgets the searches that find them). The photo is
// write-locked before its tags are matched (see likes/unlike_photo).
MATCH (photo:Photo {id: $id})
SET photo.like_count = photo.like_count
WITH photo
MATCH (photo)-[tag:TAGGED]->(hashtag:Hashtag)
WHERE NOT hashtag.name IN $keep
DELETE tag
WITH hashtag, count(*) AS removed
SET hashtag.photo_count = hashtag.photo_count - removed
RETURN hashtag.name AS name
