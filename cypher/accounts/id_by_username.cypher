// The id of the user a username names (social/cached.py caches it): found
// through the Username node, an index lookup on both engines.
MATCH (:Username {name: $username})-[:NAMES]->(u:User)
RETURN u.id AS id
