// GET /v1/users/{username}/photos past the ids the object cache keeps: the
// ids of the owner's newest photos before $cursor; social/photos.py has
// checked that the viewer may see the owner's content, and takes the photos
// through the rule (social.privacy.visible_photos, from the object cache).
// The ids are read from POSTED's `seq`, which every writer sets to the
// photo's id (photos/create, seed/create_photos, the bulk load): a
// relationship's property is read along its list, a photo's id by a lookup
// per photo. Measured on 10,000 and 40,000 users plus an account of 5,000
// photos, the same pages: the one statement that ordered the photos
// themselves took 7.7 and 8.1 ms for that account and 2.7 for others; this
// and the photos from a warm object cache 1.2-1.4 and 0.7 ms. Reading
// photo.id by the OPTIONAL MATCH form measured 6.8 ms for that account.
MATCH (:User {id: $owner})-[posted:POSTED]->(:Photo)
WHERE posted.seq < $cursor
WITH posted.seq AS id
ORDER BY id DESC
LIMIT $limit
RETURN id
ORDER BY id DESC
