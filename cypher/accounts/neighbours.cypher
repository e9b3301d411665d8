// Every account joined to a user by a follow, a request or a block, either
// way: what deleting the user changes (their counters, their relations),
// so the object cache forgets them (social/accounts.py).
MATCH (:User {id: $id})-[:FOLLOWS|REQUESTED|BLOCKED]->(other:User)
RETURN other.id AS id
UNION
MATCH (other:User)-[:FOLLOWS|REQUESTED|BLOCKED]->(:User {id: $id})
RETURN other.id AS id
