// Link hashtags to existing search terms: $links is a list of {name, key} (idempotent).
UNWIND $links AS link
MATCH (term:SearchTerm {key: link.key})
MATCH (hashtag:Hashtag {name: link.name})
MERGE (term)-[:FINDS]->(hashtag)
RETURN count(*) AS linked
