// Before a claim: the key's record is forgotten once it has expired (an answer after 24 hours, a claim after its lease).
MATCH (k:IdempotencyKey {key: $key})
WHERE k.expires_at <= $now
DELETE k
RETURN count(*) AS forgotten
