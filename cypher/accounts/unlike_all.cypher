// Deleting an account: its likes of photos and comments, each liked thing
// counting one fewer. The liked things are write-locked before the likes are
// matched again (see likes/unlike_photo).
MATCH (:User {id: $id})-[:LIKED]->(thing:Photo|Comment)
WITH DISTINCT thing
SET thing.like_count = thing.like_count
WITH thing
MATCH (:User {id: $id})-[liked:LIKED]->(thing)
DELETE liked
WITH thing, count(*) AS removed
SET thing.like_count = thing.like_count - removed
RETURN count(*) AS unliked
