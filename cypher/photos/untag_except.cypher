// Remove a photo's hashtags that are not in $keep (all of them for []): each
// hashtag left counts one photo fewer. Decrements are summed per hashtag.
MATCH (photo:Photo {id: $id})-[tag:TAGGED]->(hashtag:Hashtag)
WHERE NOT hashtag.name IN $keep
DELETE tag
WITH hashtag, count(*) AS removed
SET hashtag.photo_count = hashtag.photo_count - removed
RETURN sum(removed) AS untagged
