// Deleting an account: the ids of the comments it wrote (on other people's photos by then).
MATCH (:User {id: $id})-[:COMMENTED]->(comment:Comment)
RETURN comment.id AS id
