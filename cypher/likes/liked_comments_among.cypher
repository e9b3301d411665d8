// Which of the comments $ids the viewer likes, for a viewer who likes more
// comments than social/cached.py keeps whole (likes/comments_liked_by); every
// id gets a row (a comment gone: not liked). As likes/liked_among: each
// comment by primary key, the viewer's like of it by an OPTIONAL MATCH
// between the two.
UNWIND $ids AS comment_id
OPTIONAL MATCH (comment:Comment {id: comment_id})
OPTIONAL MATCH (:User {id: $viewer})-[like:LIKED]->(comment)
RETURN comment_id AS id, like IS NOT NULL AS liked
