// Deleting a photo by its owner, who has one photo fewer; returns where its
// image bytes are. The owner is write-locked before the photo is matched, so
// two deletions of one photo at once subtract one (see likes/unlike_photo).
MATCH (owner:User {id: $owner})
SET owner.photo_count = owner.photo_count
WITH owner
MATCH (owner)-[:POSTED]->(photo:Photo {id: $id})
WITH owner, photo, photo.media AS media
DETACH DELETE photo
SET owner.photo_count = owner.photo_count - 1
RETURN media
