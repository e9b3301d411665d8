// Synthetic users in batches (jobs/batched_write.py, which indexes them for
// search in the same transaction): each with its Username node, counters at 0
// (the follows and photos written next add to them) and one password hash for
// all. This and the bulk load's User, Username and NAMES files
// (jobs/bulk_load.py) are where synthetic users are made.
// The caller never sends an empty list (LadybugDB's UNWIND of an empty list
// of maps fails).
UNWIND $users AS user
CREATE (:Username {name: user.username})-[:NAMES]->(u:User {
  id: user.id,
  username: user.username,
  display_name: user.display_name,
  bio: '',
  private: user.private,
  password_hash: $password_hash,
  created_at: user.created_at,
  photo_count: 0,
  follower_count: 0,
  following_count: 0
})
RETURN count(u) AS created
