// Delete the comments $ids and the replies to them (threads are one level
// deep); each photo counts exactly that many comments fewer. The photo is
// write-locked before its comments are matched again by id (a comment a
// concurrent deletion got to first is then gone, not counted twice; see
// likes/unlike_photo), and what is deleted is counted without duplicates
// (a reply may be in $ids and under one of them).
UNWIND $ids AS root_id
MATCH (:Comment {id: root_id})-[:`ON`]->(photo:Photo)
SET photo.comment_count = photo.comment_count
WITH photo, root_id
MATCH (root:Comment {id: root_id})-[:`ON`]->(photo)
MATCH (doomed:Comment)-[:REPLY_TO*0..1]->(root)
WITH photo, doomed, doomed.id AS doomed_id
DETACH DELETE doomed
WITH photo, count(DISTINCT doomed_id) AS deleted
SET photo.comment_count = photo.comment_count - deleted
RETURN sum(deleted) AS deleted
