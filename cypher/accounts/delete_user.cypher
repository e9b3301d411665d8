// Deleting an account: the counters its follows fed on other users, its
// Username node and sessions, then the user with every relationship left.
// Neo4j (read committed): writing u first takes its write lock, so no
// follow or unfollow involving u (each locks both users) changes the FOLLOWS
// matched below before this commits; each counter is then read and written
// under its own node's lock (a SET that reads the property it writes locks
// before reading). LadybugDB runs one write at a time.
// Each row below changes a different user's counter: LadybugDB applies
// `SET n.c = n.c - 1` once for all the rows of a statement that carry the
// same n (measured: 3 rows, one step), so a node's total must be aggregated.
MATCH (u:User {id: $id})
SET u.follower_count = u.follower_count
WITH u
OPTIONAL MATCH (u)-[:FOLLOWS]->(followed:User)
SET followed.follower_count = followed.follower_count - 1
WITH DISTINCT u
OPTIONAL MATCH (follower:User)-[:FOLLOWS]->(u)
SET follower.following_count = follower.following_count - 1
WITH DISTINCT u
OPTIONAL MATCH (name:Username)-[:NAMES]->(u)
OPTIONAL MATCH (s:Session)-[:AUTHENTICATES]->(u)
DETACH DELETE s, name, u
RETURN count(*) AS deleted
