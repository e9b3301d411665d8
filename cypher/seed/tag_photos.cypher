// Tag a batch of new synthetic photos with their caption's hashtags, which
// seed/add_hashtags made (jobs/batched_write.py); each hashtag's photo count
// is raised by the photos tagged, once (LadybugDB applies `SET n.c = n.c + 1`
// once for all the rows that carry the same n). The caller sends only photos
// with hashtags.
UNWIND $photos AS row
MATCH (photo:Photo {id: row.id})
UNWIND row.hashtags AS name
MATCH (hashtag:Hashtag {name: name})
CREATE (photo)-[:TAGGED]->(hashtag)
WITH hashtag, count(*) AS tagged
SET hashtag.photo_count = hashtag.photo_count + tagged
RETURN sum(tagged) AS created
