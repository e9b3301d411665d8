// `follow_request` notifications: requests pending to the recipient (approving
// or denying one takes it away; a block deletes requests both ways).
MATCH (actor:User)-[event:REQUESTED]->(:User {id: $viewer})
WHERE event.seq < $cursor
WITH actor, event.seq AS seq, event.created_at AS notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'follow_request' AS type, {{notifications/event_columns}}
