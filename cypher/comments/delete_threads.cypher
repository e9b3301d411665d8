// Delete the comments $ids and the replies to them (threads are one level
// deep). Deleted first and counted after, per photo and without duplicates
// (a reply may be in $ids and under one of them), so each photo counts
// exactly that many comments fewer, also when two deletions race.
UNWIND $ids AS root_id
MATCH (root:Comment {id: root_id})-[:`ON`]->(photo:Photo)
MATCH (doomed:Comment)-[:REPLY_TO*0..1]->(root)
WITH photo, doomed, doomed.id AS doomed_id
DETACH DELETE doomed
WITH photo, count(DISTINCT doomed_id) AS deleted
SET photo.comment_count = photo.comment_count - deleted
RETURN sum(deleted) AS deleted
