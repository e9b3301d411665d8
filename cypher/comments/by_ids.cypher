// GET /v1/photos/{id}/comments, second step: the comments $ids (from
// comments/page_ids) with their columns, and `blocked` when their author and
// $viewer block each other either way (the page leaves those out). Each
// comment by primary key, its author, photo and parent by OPTIONAL MATCH (a
// lookup per row: a plain MATCH joined every COMMENTED relationship). In no
// order: the caller keeps the ids' order.
UNWIND $ids AS comment_id
MATCH (comment:Comment {id: comment_id})
OPTIONAL MATCH (author:User)-[:COMMENTED]->(comment)
OPTIONAL MATCH (comment)-[:`ON`]->(photo:Photo)
OPTIONAL MATCH (comment)-[:REPLY_TO]->(parent:Comment)
RETURN {{comments/comment_columns}},
       EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = author.id } AS blocked
