// Link a batch of new synthetic photos to the accounts their captions
// mention (jobs/batched_write.py), found by the names in `mentions` through
// the Username index, as the rules find them. The generator names only
// accounts that exist, with no block either way between them and the owner,
// each once per caption. Mentions change no counter. The caller sends only
// photos that mention someone.
UNWIND $photos AS row
MATCH (photo:Photo {id: row.id})
UNWIND row.mentions AS name
MATCH (:Username {name: name})-[:NAMES]->(user:User)
CREATE (photo)-[:MENTIONS]->(user)
RETURN count(*) AS created
