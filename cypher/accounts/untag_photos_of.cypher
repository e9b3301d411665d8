// Deleting an account: its photos stop counting on their hashtags (summed per
// hashtag; their names come back, as from photos/untag_except). Each photo is
// write-locked before its tags are matched, as when one photo is deleted
// (photos/untag_except), so the two cannot both subtract.
MATCH (:User {id: $id})-[:POSTED]->(photo:Photo)
SET photo.like_count = photo.like_count
WITH photo
MATCH (photo)-[tag:TAGGED]->(hashtag:Hashtag)
DELETE tag
WITH hashtag, count(*) AS removed
SET hashtag.photo_count = hashtag.photo_count - removed
RETURN hashtag.name AS name
