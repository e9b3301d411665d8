// Make comment $id a reply to comment $parent (both on the same photo, checked by the caller).
MATCH (comment:Comment {id: $id})
MATCH (parent:Comment {id: $parent})
MERGE (comment)-[:REPLY_TO]->(parent)
RETURN parent.id AS reply_to
