// GET /v1/photos/{id}/comments, first step (social/comments.py): the ids of a
// photo's comments after $cursor, oldest first. The caller has checked that
// the viewer may see the photo; social.privacy.comment_rows gives these comments and
// says which authors are blocked either way, which the page leaves out.
// Two steps because one statement (authors, block checks and columns joined
// in) grew with the graph: 8.8 ms at 10,000 users, 15 ms at 40,000, against
// 1.6 and 1.7 ms for the two.
MATCH (:Photo {id: $photo})<-[:`ON`]-(comment:Comment)
WHERE comment.id > $cursor
WITH comment.id AS id
ORDER BY id
LIMIT $limit
RETURN id
ORDER BY id
