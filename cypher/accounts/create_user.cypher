// Sign up: create the user unless the username is taken (no row comes back then).
// LadybugDB runs writes one at a time, so the check and the create cannot
// interleave; on Neo4j the uniqueness constraint on User.username refuses a
// concurrent duplicate (the gateway raises ConstraintViolation).
OPTIONAL MATCH (taken:User {username: $username})
WITH taken
WHERE taken IS NULL
CREATE (u:User {
  id: $id,
  username: $username,
  display_name: $display_name,
  bio: $bio,
  private: $private,
  password_hash: $password_hash,
  created_at: $now
})
RETURN u.id AS id
