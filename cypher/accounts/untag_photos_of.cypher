// Deleting an account: its photos stop counting on their hashtags (summed per hashtag).
MATCH (:User {id: $id})-[:POSTED]->(:Photo)-[tag:TAGGED]->(hashtag:Hashtag)
DELETE tag
WITH hashtag, count(*) AS removed
SET hashtag.photo_count = hashtag.photo_count - removed
RETURN sum(removed) AS untagged
