// The ids of the comments a viewer likes, at most $limit of them: as likes/photos_liked_by, for the
// "do I like this?" of comment pages.
MATCH (:User {id: $viewer})-[:LIKED]->(comment:Comment)
RETURN comment.id AS id
LIMIT $limit
