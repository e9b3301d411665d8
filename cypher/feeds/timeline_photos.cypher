// The photos of a feed page whose ids came from a Redis timeline, as $viewer
// sees them now: only photos of the viewer or of an account they follow, and
// only what the privacy rule lets them see. An id left out (deleted, or
// unfollowed, blocked or hidden since it was pushed) is taken out of the
// timeline by the caller. In no order: the caller keeps the timeline's.
// `IN $ids`, not UNWIND: see discovery/explore_photos.
MATCH (photo:Photo)
WHERE photo.id IN $ids
MATCH (owner:User)-[:POSTED]->(photo)
WHERE (owner.id = $viewer
       OR EXISTS { MATCH (:User {id: $viewer})-[:FOLLOWS]->(followed:User) WHERE followed.id = owner.id })
  AND {{privacy/can_see}}
RETURN {{photos/photo_columns}}
