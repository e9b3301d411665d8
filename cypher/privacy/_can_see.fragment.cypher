// THE privacy rule, included by every query that reads an account's content
// ({{privacy/can_see}}); social/privacy.py explains it and maps refusals to
// HTTP. Expects the account as `owner` and the viewer's id as $viewer (0 for
// anonymous). The viewer may see the content when they are the owner, or
// when no block stands between them (either direction) and the account is
// public or the viewer is an approved follower.
// Each check starts at the viewer's primary key and compares ids: LadybugDB
// plans a subquery that starts from an `owner` bound by a traversal (a
// photo's poster, a hashtag's photos) as a scan of every user.
(owner.id = $viewer
 OR (NOT EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = owner.id }
     AND (owner.private = false
          OR EXISTS { MATCH (:User {id: $viewer})-[:FOLLOWS]->(followed:User) WHERE followed.id = owner.id })))
