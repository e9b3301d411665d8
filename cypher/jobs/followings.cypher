// The suggestions job (jobs/suggestions.py), for a batch of $users: every
// account each follows, with its username and the follow's seq (the job
// ranks from the most recent follows and names the mutuals by them). A user
// who follows nobody gives one row with a null id.
UNWIND $users AS user_id
MATCH (user:User {id: user_id})
OPTIONAL MATCH (user)-[follow:FOLLOWS]->(followed:User)
RETURN user_id AS user, followed.id AS id, followed.username AS username, follow.seq AS seq
