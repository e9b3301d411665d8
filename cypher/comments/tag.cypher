// Tag a comment with $names. Hashtags count photos only, so nothing is counted here.
MATCH (comment:Comment {id: $id})
UNWIND $names AS name
MERGE (hashtag:Hashtag {name: name})
ON CREATE SET hashtag.photo_count = 0
MERGE (comment)-[:TAGGED]->(hashtag)
RETURN count(*) AS tagged
