// The suggestions job (jobs/suggestions.py): the ids of the accounts each of
// $users follows, the second step of people-you-may-know for a batch (the
// accounts the batch's users followed lately). A user who follows nobody
// gives one row with a null id.
UNWIND $users AS user_id
MATCH (user:User {id: user_id})
OPTIONAL MATCH (user)-[:FOLLOWS]->(followed:User)
RETURN user_id AS user, followed.id AS id
