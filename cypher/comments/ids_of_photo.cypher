// Every comment id of a photo (social/cached.py keeps the oldest ones, which
// the comments page reads first). The photo by primary key, its comments by
// OPTIONAL MATCH; a photo without comments gets an empty list, a photo gone
// no row.
MATCH (photo:Photo {id: $photo})
OPTIONAL MATCH (photo)<-[:`ON`]-(comment:Comment)
RETURN photo.id AS id, collect(comment.id) AS ids
