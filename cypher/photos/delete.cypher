// Deleting a photo by its owner, who has one photo fewer; returns where its image bytes are.
MATCH (owner:User {id: $owner})-[:POSTED]->(photo:Photo {id: $id})
WITH owner, photo, photo.media AS media
DETACH DELETE photo
SET owner.photo_count = owner.photo_count - 1
RETURN media
