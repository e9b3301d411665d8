// Batch jobs (jobs/suggestions.py) walk every user: the ids after $after, in
// id order, $limit at a time. `u.id > $after` lets Neo4j read the id index
// in order; LadybugDB scans the id column.
MATCH (u:User)
WHERE u.id > $after
RETURN u.id AS id
ORDER BY id
LIMIT $limit
