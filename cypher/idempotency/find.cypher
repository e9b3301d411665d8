// An Idempotency-Key's record, answered or still running (no row: never used, or swept).
// feed/idempotency.py treats a record whose expires_at has passed as absent.
MATCH (k:IdempotencyKey {key: $key})
RETURN k.fingerprint AS fingerprint, k.token AS token, k.status AS status, k.content_type AS content_type,
       k.location AS location, k.body AS body, k.expires_at AS expires_at
