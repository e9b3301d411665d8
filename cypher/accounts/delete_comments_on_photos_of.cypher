// Deleting an account: the comments (anyone's) on its photos.
MATCH (:User {id: $id})-[:POSTED]->(:Photo)<-[:`ON`]-(c:Comment)
DETACH DELETE c
RETURN count(*) AS deleted
