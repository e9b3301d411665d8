// The suggestions job (jobs/suggestions.py): whom each of $users may not be
// suggested besides themselves and the accounts they follow: those they asked
// to follow, and those blocked either way.
UNWIND $users AS user_id
MATCH (user:User {id: user_id})
OPTIONAL MATCH (user)-[:REQUESTED]->(asked:User)
WITH user, user_id, collect(asked.id) AS asked
OPTIONAL MATCH (user)-[:BLOCKED]-(blocking:User)
RETURN user_id AS user, asked, collect(blocking.id) AS blocked
