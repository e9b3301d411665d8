// The explore page's second part: photos posted since photo $horizon (an
// id, discovery/photo_horizon) by accounts $viewer neither is nor follows
// and that the privacy rule lets them see, which for such an account means:
// public, and no block either way. Most liked first, then newest.
// (An explicit `owner.private = false` as well made LadybugDB plan it
// slower: 8 ms instead of 4 at 20,000 users, 60,000 photos.)
// The checks start at the viewer's primary key: LadybugDB plans a subquery
// that starts from a node bound by a traversal as a scan of every user.
MATCH (photo:Photo)
WHERE photo.id >= $horizon
MATCH (owner:User)-[:POSTED]->(photo)
WHERE owner.id <> $viewer
  AND NOT EXISTS { MATCH (:User {id: $viewer})-[:FOLLOWS]->(known:User) WHERE known.id = owner.id }
  AND {{privacy/can_see}}
RETURN photo.id AS id, photo.like_count AS like_count
ORDER BY like_count DESC, id DESC
