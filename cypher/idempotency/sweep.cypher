// Forget every expired key, answered or not: a key nobody retries is otherwise only forgotten when it is claimed again.
MATCH (k:IdempotencyKey)
WHERE k.expires_at <= $now
DELETE k
RETURN count(*) AS forgotten
