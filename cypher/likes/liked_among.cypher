// Which of the photos $ids the viewer likes, for a viewer who likes more than
// social/cached.py keeps whole (likes/photos_liked_by); every id gets a row (a
// photo gone: not liked).
// Each photo by primary key, the viewer's like of it by an OPTIONAL MATCH
// between the two. A subquery from the viewer comparing ids read the id of
// every photo the viewer ever liked: 1.5-1.9 ms for a viewer with 5,000 likes
// at 10,000 and 40,000 users, and on with every like, where this takes
// 0.3-0.6 ms whoever asks. It costs more for a viewer with the synthetic
// graph's few likes (0.30 against 0.13 ms for 1 id, 0.5-0.6 against 0.18 for
// 20): the two are even at ~1,000 likes, which an active account outgrows.
UNWIND $ids AS photo_id
OPTIONAL MATCH (photo:Photo {id: photo_id})
OPTIONAL MATCH (:User {id: $viewer})-[like:LIKED]->(photo)
RETURN photo_id AS id, like IS NOT NULL AS liked
