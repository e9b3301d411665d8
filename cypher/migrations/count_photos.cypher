// Schema 2: the stored counters of the photos $keys, set from live counts.
UNWIND $keys AS id
MATCH (p:Photo {id: id})
WITH p,
     COUNT { MATCH (:User)-[:LIKED]->(p) } AS likes,
     COUNT { MATCH (:Comment)-[:`ON`]->(p) } AS comments
SET p.like_count = likes, p.comment_count = comments
RETURN count(*) AS counted
