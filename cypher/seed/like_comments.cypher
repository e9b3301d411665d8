// Synthetic likes of comments in batches (jobs/batched_write.py), each
// comment's like count raised by its likes of the batch, once (LadybugDB
// applies `SET n.c = n.c + 1` once for all the rows that carry the same n).
// The generator draws each like once, by someone the privacy rule lets see
// the comment's photo. The caller never sends an empty list.
UNWIND $likes AS row
MATCH (user:User {id: row.user})
MATCH (comment:Comment {id: row.comment})
CREATE (user)-[:LIKED {created_at: row.created_at, seq: row.seq}]->(comment)
WITH comment, count(*) AS gained
SET comment.like_count = comment.like_count + gained
RETURN sum(gained) AS created
