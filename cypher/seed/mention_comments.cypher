// Link a batch of new synthetic comments to the accounts they mention
// (jobs/batched_write.py), found by the names in `mentions` through the
// Username index, as the rules find them. The generator names only accounts
// that exist, with no block either way between them and the author, each
// once per comment. Mentions change no counter. The caller sends only
// comments that mention someone.
UNWIND $comments AS row
MATCH (comment:Comment {id: row.id})
UNWIND row.mentions AS name
MATCH (:Username {name: name})-[:NAMES]->(user:User)
CREATE (comment)-[:MENTIONS]->(user)
RETURN count(*) AS created
