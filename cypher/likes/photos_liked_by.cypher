// The ids of the photos a viewer likes, at most $limit of them: social/cached.py keeps a viewer's whole
// set when it fits (one read answers "do I like this?" for every photo card they are shown until they
// like or unlike something). From the viewer by primary key along LIKED to Photo only (LIKED also ends
// at comments); no order, the set is all that is kept.
MATCH (:User {id: $viewer})-[:LIKED]->(photo:Photo)
RETURN photo.id AS id
LIMIT $limit
