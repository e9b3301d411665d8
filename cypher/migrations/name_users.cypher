// Schema 2: the Username node of each of the users $keys that has none yet
// (lookups by name go through it; see graph/models.py).
UNWIND $keys AS id
MATCH (u:User {id: id})
WHERE NOT EXISTS { MATCH (:Username)-[:NAMES]->(u) }
MERGE (name:Username {name: u.username})
MERGE (name)-[:NAMES]->(u)
RETURN count(*) AS named
