// A user's public card with counts, and how $viewer (0: anonymous) relates to them.
MATCH (u:User {username: $username})
RETURN u.id AS id,
       u.username AS username,
       u.display_name AS display_name,
       u.bio AS bio,
       u.private AS private,
       COUNT { MATCH (u)-[:POSTED]->(:Photo) } AS photos,
       COUNT { MATCH (:User)-[:FOLLOWS]->(u) } AS followers,
       COUNT { MATCH (u)-[:FOLLOWS]->(:User) } AS following,
       EXISTS { MATCH (:User {id: $viewer})-[:FOLLOWS]->(u) } AS viewer_follows,
       EXISTS { MATCH (:User {id: $viewer})-[:REQUESTED]->(u) } AS viewer_requested,
       EXISTS { MATCH (u)-[:FOLLOWS]->(:User {id: $viewer}) } AS follows_viewer,
       EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]->(u) } AS viewer_blocks,
       EXISTS { MATCH (u)-[:BLOCKED]->(:User {id: $viewer}) } AS blocks_viewer
