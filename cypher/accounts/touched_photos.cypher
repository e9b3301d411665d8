// Deleting an account: the photos whose cards change (its own, those it
// liked, those it commented on), for the object cache to forget.
MATCH (:User {id: $id})-[:POSTED|LIKED]->(photo:Photo)
RETURN photo.id AS id
UNION
MATCH (:User {id: $id})-[:COMMENTED]->(:Comment)-[:`ON`]->(photo:Photo)
RETURN photo.id AS id
