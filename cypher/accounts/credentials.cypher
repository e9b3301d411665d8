// What logging in needs to know about a username (found through its Username node: an index lookup).
MATCH (:Username {name: $username})-[:NAMES]->(u:User)
RETURN u.id AS id, u.password_hash AS password_hash
