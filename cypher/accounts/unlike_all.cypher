// Deleting an account: its likes of photos and comments, each liked thing counting one fewer.
MATCH (:User {id: $id})-[liked:LIKED]->(thing:Photo|Comment)
DELETE liked
WITH thing, count(*) AS removed
SET thing.like_count = thing.like_count - removed
RETURN count(*) AS unliked
