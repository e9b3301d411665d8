// POST /v1/comments/{id}/like (idempotent) if $viewer may see the comment's
// photo; the comment counts the like only when LIKED is new. No row: the comment
// is gone or hidden; else its count after the like, for the object cache (social/cached.py).
MATCH (comment:Comment {id: $comment})-[:`ON`]->(photo:Photo)
MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
MATCH (me:User {id: $viewer})
MERGE (me)-[liked:LIKED]->(comment)
ON CREATE SET liked.created_at = $now, liked.seq = $seq, comment.like_count = comment.like_count + 1
RETURN liked.seq AS seq, comment.like_count AS like_count
