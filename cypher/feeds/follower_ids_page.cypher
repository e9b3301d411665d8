// Fan-out: a page of an account's followers' ids, in id order after $after
// (the ids of their timelines to push a photo into, or take it out of).
MATCH (follower:User)-[:FOLLOWS]->(:User {id: $owner})
WHERE follower.id > $after
WITH follower.id AS id
ORDER BY id
LIMIT $limit
RETURN id
ORDER BY id
