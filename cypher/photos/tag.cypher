// Tag a photo with $names (idempotent): a hashtag counts the photo only when
// the TAGGED relationship is new. On Neo4j, MERGE of a relationship between
// bound nodes locks both ends, so the counter is read and written under the lock.
MATCH (photo:Photo {id: $id})
UNWIND $names AS name
MERGE (hashtag:Hashtag {name: name})
ON CREATE SET hashtag.photo_count = 0
MERGE (photo)-[:TAGGED]->(hashtag)
ON CREATE SET hashtag.photo_count = hashtag.photo_count + 1
RETURN count(*) AS tagged
