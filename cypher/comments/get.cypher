// One comment as $viewer sees it: its columns, the photo's owner and whether
// the privacy rule lets $viewer see the photo (and so the comment).
// The comment by primary key, everything around it by OPTIONAL MATCH (a
// lookup per hop): one MATCH of the author-comment-photo chain joined every
// COMMENTED relationship, 45 ms at 10,000 users and 193 ms at 40,000 (1.2 s
// at 100,000 under the load benchmark), against 0.7 ms at both.
MATCH (comment:Comment {id: $id})
OPTIONAL MATCH (author:User)-[:COMMENTED]->(comment)
OPTIONAL MATCH (comment)-[:`ON`]->(photo:Photo)
OPTIONAL MATCH (owner:User)-[:POSTED]->(photo)
OPTIONAL MATCH (comment)-[:REPLY_TO]->(parent:Comment)
RETURN {{comments/comment_columns}},
       owner.id AS owner_id,
       {{privacy/can_see}} AS can_see,
       EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = author.id } AS author_blocked
