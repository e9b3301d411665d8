// Deleting an account: the comments it wrote (replies to them stay, unlinked).
MATCH (:User {id: $id})-[:COMMENTED]->(c:Comment)
DETACH DELETE c
RETURN count(*) AS deleted
