// Explore's pool of popular photos, the same for every viewer (so each server
// reads it once a minute, not once a request: social/discovery.py): the
// photos of public accounts among the newest (id from $horizon,
// discovery/photo_horizon), most liked first, then newest. Each viewer's
// own, followed and blocked accounts are taken out of it in Python, and the
// photos shown are checked against the privacy rule as they are fetched
// (discovery/explore_photos). It scans the newest photos, which is why it
// is not read per request.
MATCH (photo:Photo)
WHERE photo.id >= $horizon
MATCH (owner:User)-[:POSTED]->(photo)
WHERE owner.private = false
RETURN photo.id AS id, owner.id AS owner, photo.like_count AS like_count
ORDER BY like_count DESC, id DESC
