// GET /v1/hashtags/{name}/photos, first step: the ids of the newest photos
// tagged $name before $cursor, whoever may see them; social/hashtags.py then
// reads them by primary key through the privacy rule (photos/visible_by_ids).
// The newest 100 are kept in the object cache (social/cached.py, "tagged"), so
// this runs for pages past them and once per tag after an edit or deletion.
// The one statement that checked the rule on every tagged photo before its
// LIMIT grew with the tag: 26 ms for the top tag at 10,000 users, 96 ms at
// 40,000 (6,525 and 26,703 photos). This step reads only the TAGGED list and
// each photo's id: 2.4 and 10 ms. It still reads every tagged photo's id
// (0.4 us each; the relationship scan itself is 0.1 ms): the engine has no
// ordered index to stop early on. A plain MATCH measured faster here than the
// OPTIONAL MATCH form (4.0 and 16 ms): the anchor is one hashtag, whose
// TAGGED list is read either way.
MATCH (:Hashtag {name: $name})<-[:TAGGED]-(photo:Photo)
WHERE photo.id < $cursor
WITH photo.id AS id
ORDER BY id DESC
LIMIT $limit
RETURN id
ORDER BY id DESC
