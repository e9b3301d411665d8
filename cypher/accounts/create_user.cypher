// Sign up: create the user with its Username node (what lookups by name go
// through) unless the name is taken (no row comes back then). LadybugDB runs
// writes one at a time, so the check and the create cannot interleave; on
// Neo4j the uniqueness constraints on Username.name and User.username refuse
// a concurrent duplicate (the gateway raises ConstraintViolation).
// Counters start at 0 here: Neo4j has no column defaults.
OPTIONAL MATCH (taken:Username {name: $username})
WITH taken
WHERE taken IS NULL
CREATE (:Username {name: $username})-[:NAMES]->(u:User {
  id: $id,
  username: $username,
  display_name: $display_name,
  bio: $bio,
  private: $private,
  password_hash: $password_hash,
  created_at: $now,
  photo_count: 0,
  follower_count: 0,
  following_count: 0
})
RETURN u.id AS id
