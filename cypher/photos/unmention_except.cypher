// An edited caption: drop the photo's mentions of accounts not in $keep (ids).
MATCH (:Photo {id: $id})-[mention:MENTIONS]->(user:User)
WHERE NOT user.id IN $keep
DELETE mention
RETURN count(*) AS unlinked
