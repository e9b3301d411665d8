// Synthetic users in bulk (jobs/synthetic.py): each with its Username node,
// counters at 0 (the follows made next add to them) and one cheap password
// hash for all. The caller never sends an empty list (LadybugDB's UNWIND of
// an empty list of maps fails).
UNWIND $users AS user
CREATE (:Username {name: user.username})-[:NAMES]->(u:User {
  id: user.id,
  username: user.username,
  display_name: user.display_name,
  bio: '',
  private: user.private,
  password_hash: $password_hash,
  created_at: $now,
  photo_count: 0,
  follower_count: 0,
  following_count: 0
})
RETURN count(u) AS created
