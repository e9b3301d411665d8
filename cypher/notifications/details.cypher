// GET /v1/notifications, second step: what the page shows of the $events
// key queries found (maps of `seq` and the actor's, photo's and
// comment's ids, 0 for none), with the rules checked here: none from an
// account across a block either way, none showing a photo the privacy rule
// hides from the recipient. An event left out is one the page must not show;
// the caller reads further events in its place. In no order: rows carry `seq`.
// Each node by primary key, the photo's owner by an OPTIONAL MATCH with the
// rule in its WHERE (a lookup per row, as feeds/feed_photos); the rule cannot
// follow a WITH on LadybugDB ("Cannot evaluate expression with type VARIABLE").
UNWIND $events AS event
MATCH (actor:User {id: event.actor_id})
WHERE {{notifications/actor_not_blocked}}
OPTIONAL MATCH (photo:Photo {id: event.photo_id})
OPTIONAL MATCH (owner:User)-[:POSTED]->(photo)
WHERE {{privacy/can_see}}
OPTIONAL MATCH (comment:Comment {id: event.comment_id})
WITH event, actor, photo, owner, comment
WHERE event.photo_id = 0 OR owner IS NOT NULL
RETURN event.seq AS seq,
       actor.username AS actor_username,
       {{photos/photo_columns}},
       comment.text AS comment_text
