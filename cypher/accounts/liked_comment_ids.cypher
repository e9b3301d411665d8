// Deleting an account: the comments it liked, whose like counts change (for
// the object cache to forget).
MATCH (:User {id: $id})-[:LIKED]->(comment:Comment)
RETURN comment.id AS id
