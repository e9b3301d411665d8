// Claim a key for the request named $token, unless a record of it is there already: either way, the record
// that is there now (the caller compares its token with $token to learn whether it won).
MERGE (k:IdempotencyKey {key: $key})
ON CREATE SET k.fingerprint = $fingerprint, k.token = $token, k.status = 0, k.content_type = '', k.location = '',
              k.body = '', k.expires_at = $lease_until
RETURN k.fingerprint AS fingerprint, k.token AS token, k.status AS status, k.content_type AS content_type,
       k.location AS location, k.body AS body, k.expires_at AS expires_at
