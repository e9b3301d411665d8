// Which of $hashtags ({name, probe}) no search term finds yet, to index them:
// `probe` is the hashtag's longest key, linked last when it was indexed.
UNWIND $hashtags AS tag
MATCH (hashtag:Hashtag {name: tag.name})
WHERE NOT EXISTS { MATCH (:SearchTerm {key: tag.probe})-[:FINDS]->(found:Hashtag) WHERE found.name = tag.name }
RETURN hashtag.name AS name
