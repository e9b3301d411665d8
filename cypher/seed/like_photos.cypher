// Synthetic likes of photos in batches (jobs/batched_write.py), each photo's
// like count raised by its likes of the batch, once (LadybugDB applies
// `SET n.c = n.c + 1` once for all the rows that carry the same n). The
// generator draws each like once, by someone the privacy rule lets see the
// photo. The caller never sends an empty list.
UNWIND $likes AS row
MATCH (user:User {id: row.user})
MATCH (photo:Photo {id: row.photo})
CREATE (user)-[:LIKED {created_at: row.created_at, seq: row.seq}]->(photo)
WITH photo, count(*) AS gained
SET photo.like_count = photo.like_count + gained
RETURN sum(gained) AS created
