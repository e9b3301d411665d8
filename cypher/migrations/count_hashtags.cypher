// Schema 2: the stored counters of the hashtags $keys, set from live counts.
UNWIND $keys AS name
MATCH (h:Hashtag {name: name})
WITH h, COUNT { MATCH (:Photo)-[:TAGGED]->(h) } AS photos
SET h.photo_count = photos
RETURN count(*) AS counted
