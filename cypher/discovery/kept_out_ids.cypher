// The accounts whose photos explore leaves out for $viewer besides their own:
// those they follow and those blocked either way (social/discovery.py takes
// them out of the shared pool of popular photos).
MATCH (:User {id: $viewer})-[:FOLLOWS]->(followed:User)
RETURN followed.id AS id
UNION
MATCH (:User {id: $viewer})-[:BLOCKED]-(blocked:User)
RETURN blocked.id AS id
