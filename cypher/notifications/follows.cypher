// `follow` notifications: accounts that follow the recipient by their own
// choice (an approved request was the recipient's own doing). A block
// deletes follows both ways, so no block check is needed.
MATCH (actor:User)-[event:FOLLOWS]->(:User {id: $viewer})
WHERE event.seq < $cursor AND coalesce(event.approved, false) = false
WITH actor, event.seq AS seq, event.created_at AS notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'follow' AS type, {{notifications/event_columns}}
