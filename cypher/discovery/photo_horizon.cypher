// The id of the photo number $skip + 1, newest first: the explore page's
// popular photos (social/discovery.py) are picked among the photos from
// there on. No row: there are fewer photos than that, and every one counts.
// `photo.id > 0` lets Neo4j read the ids in order from the id index instead
// of sorting every photo; LadybugDB (no range index) scans the id column.
MATCH (photo:Photo)
WHERE photo.id > 0
RETURN photo.id AS horizon
ORDER BY horizon DESC
SKIP $skip
LIMIT 1
