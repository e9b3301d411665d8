// The request that claimed the key gives it up without an answer (a 5xx, 401, 429): a retry will run afresh.
MATCH (k:IdempotencyKey {key: $key})
WHERE k.token = $token AND k.status = 0
DELETE k
RETURN count(*) AS released
