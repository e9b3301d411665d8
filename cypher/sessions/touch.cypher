// A request used the session: record it, unless one since $stale already did (one write per interval).
MATCH (s:Session {token_hash: $token_hash})
WHERE s.last_used_at < $stale
SET s.last_used_at = $now
RETURN count(*) AS touched
