// Schema 2: the stored counters of the comments $keys, set from live counts.
UNWIND $keys AS id
MATCH (c:Comment {id: id})
WITH c, COUNT { MATCH (:User)-[:LIKED]->(c) } AS likes
SET c.like_count = likes
RETURN count(*) AS counted
