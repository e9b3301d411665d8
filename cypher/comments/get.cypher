// One comment as $viewer sees it: its columns, the photo's owner and whether
// the privacy rule lets $viewer see the photo (and so the comment).
MATCH (comment:Comment {id: $id})
MATCH (author:User)-[:COMMENTED]->(comment)-[:`ON`]->(photo:Photo)
MATCH (owner:User)-[:POSTED]->(photo)
OPTIONAL MATCH (comment)-[:REPLY_TO]->(parent:Comment)
RETURN {{comments/comment_columns}},
       owner.id AS owner_id,
       {{privacy/can_see}} AS can_see,
       EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = author.id } AS author_blocked
