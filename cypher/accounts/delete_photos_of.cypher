// Deleting an account: its photos, returning where their image bytes are.
MATCH (:User {id: $id})-[:POSTED]->(p:Photo)
WITH p, p.media AS media
DETACH DELETE p
RETURN media
