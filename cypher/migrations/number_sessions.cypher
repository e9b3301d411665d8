// Schema 5: give the sessions $rows ({key: token hash, id}) their id, and a last use of $now
// (when they were last used is unknown: idle time counts from the upgrade).
UNWIND $rows AS row
MATCH (s:Session {token_hash: row.key})
SET s.id = row.id, s.last_used_at = $now
RETURN count(*) AS numbered
