// GET /v1/search, hashtags: those the term $key finds, the most used first
// among at most $candidates of them (social/cached.py keeps all of those per
// term, forgotten when one of them is tagged or untagged).
MATCH (:SearchTerm {key: $key})-[:FINDS]->(hashtag:Hashtag)
WITH hashtag
LIMIT $candidates
RETURN hashtag.name AS name, hashtag.photo_count AS photo_count
ORDER BY photo_count DESC, name
LIMIT $limit
