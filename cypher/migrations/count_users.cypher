// Schema 2: the stored counters of the users $keys, set from live counts.
UNWIND $keys AS id
MATCH (u:User {id: id})
WITH u,
     COUNT { MATCH (u)-[:POSTED]->(:Photo) } AS photos,
     COUNT { MATCH (:User)-[:FOLLOWS]->(u) } AS followers,
     COUNT { MATCH (u)-[:FOLLOWS]->(:User) } AS following
SET u.photo_count = photos, u.follower_count = followers, u.following_count = following
RETURN count(*) AS counted
