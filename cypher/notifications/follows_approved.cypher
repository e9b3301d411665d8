// `follow_approved` notifications: the recipient's requests that the followed account approved.
MATCH (:User {id: $viewer})-[event:FOLLOWS]->(actor:User)
WHERE event.seq < $cursor AND event.approved = true
WITH actor, event.seq AS seq, event.created_at AS notified_at
ORDER BY seq DESC
LIMIT $limit
RETURN 'follow_approved' AS type, {{notifications/event_columns}}
