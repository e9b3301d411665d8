// THE privacy rule, included by every query that reads an account's content
// ({{privacy/can_see}}); social/privacy.py explains it and maps refusals to
// HTTP. Expects the account as `owner` and the viewer's id as $viewer (0 for
// anonymous). The viewer may see the content when they are the owner, or
// when no block stands between them (either direction) and the account is
// public or the viewer is an approved follower.
(owner.id = $viewer
 OR (NOT EXISTS { MATCH (owner)-[:BLOCKED]-(:User {id: $viewer}) }
     AND (owner.private = false OR EXISTS { MATCH (:User {id: $viewer})-[:FOLLOWS]->(owner) })))
