// Which of the photos $ids the viewer likes (social/cached.py caches each
// answer per viewer and photo). Starts at the viewer's primary key and
// compares ids, as the privacy rule does.
UNWIND $ids AS photo_id
RETURN photo_id AS id,
       EXISTS { MATCH (:User {id: $viewer})-[:LIKED]->(liked:Photo) WHERE liked.id = photo_id } AS liked
