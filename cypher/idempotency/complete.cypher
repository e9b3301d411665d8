// The request that claimed the key stores its answer, kept until $expires_at; nothing if the claim is no longer its own.
MATCH (k:IdempotencyKey {key: $key})
WHERE k.token = $token AND k.status = 0
SET k.status = $status, k.content_type = $content_type, k.location = $location, k.body = $body,
    k.expires_at = $expires_at
RETURN count(*) AS stored
