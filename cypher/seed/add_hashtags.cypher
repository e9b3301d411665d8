// Make sure the hashtags $names (distinct) exist (jobs/batched_write.py),
// a new one counting no photo yet: seed/tag_photos counts them. Made before
// they are linked, each once: LadybugDB drops the row of a MERGE whose node
// an earlier row of the same statement made. This and the bulk load's Hashtag
// file (jobs/bulk_load.py) are where synthetic hashtags are made.
UNWIND $names AS name
MERGE (hashtag:Hashtag {name: name})
ON CREATE SET hashtag.photo_count = 0
RETURN count(*) AS hashtags
