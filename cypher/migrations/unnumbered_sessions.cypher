// Schema 5: a batch of sessions that have no id yet (each batch numbered drops out of the next).
MATCH (s:Session)
WHERE s.id IS NULL
RETURN s.token_hash AS key, s.created_at AS created_at
LIMIT $limit
