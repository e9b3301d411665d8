// Deleting an account: its sessions, then the user with every relationship left.
MATCH (u:User {id: $id})
OPTIONAL MATCH (s:Session)-[:AUTHENTICATES]->(u)
DETACH DELETE s, u
RETURN count(*) AS deleted
