// Block $target: no follows or requests remain either way, then the block.
// (One OPTIONAL MATCH per type: LadybugDB cannot DELETE a `:A|B` match.)
MATCH (me:User {id: $viewer})
MATCH (them:User {id: $target})
OPTIONAL MATCH (me)-[f1:FOLLOWS]->(them)
OPTIONAL MATCH (me)-[r1:REQUESTED]->(them)
OPTIONAL MATCH (them)-[f2:FOLLOWS]->(me)
OPTIONAL MATCH (them)-[r2:REQUESTED]->(me)
DELETE f1, r1, f2, r2
MERGE (me)-[b:BLOCKED]->(them)
ON CREATE SET b.created_at = $now, b.seq = $seq
RETURN count(*) AS matched
