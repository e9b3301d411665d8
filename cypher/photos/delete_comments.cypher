// Deleting a photo: every comment on it (replies included: they are ON it too).
MATCH (:Photo {id: $id})<-[:`ON`]-(comment:Comment)
DETACH DELETE comment
RETURN count(*) AS deleted
