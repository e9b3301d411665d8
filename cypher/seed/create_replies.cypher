// Link synthetic replies to the top-level comments they answer
// (jobs/batched_write.py); every reply comes after its comment, so the comment
// exists by then. The caller sends only replies, never an empty list.
UNWIND $replies AS row
MATCH (reply:Comment {id: row.id})
MATCH (comment:Comment {id: row.reply_to})
CREATE (reply)-[:REPLY_TO]->(comment)
RETURN count(*) AS created
