// How $viewer stands towards $target before a follow: what to create, if anything.
MATCH (them:User {id: $target})
RETURN them.private AS private,
       EXISTS { MATCH (:User {id: $viewer})-[:FOLLOWS]->(them) } AS following,
       EXISTS { MATCH (them)-[:BLOCKED]-(:User {id: $viewer}) } AS blocked
