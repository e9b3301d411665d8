// Comments by id with the columns every viewer shares, for the object cache
// (social/cached.py): whether the viewer likes each, and whether a block
// hides its author, come from cached likes and relations. Each comment by
// primary key, its author, photo and parent by OPTIONAL MATCH (a lookup per
// row: a plain MATCH joined every COMMENTED relationship; see comments/get).
UNWIND $ids AS comment_id
MATCH (comment:Comment {id: comment_id})
OPTIONAL MATCH (author:User)-[:COMMENTED]->(comment)
OPTIONAL MATCH (comment)-[:`ON`]->(photo:Photo)
OPTIONAL MATCH (comment)-[:REPLY_TO]->(parent:Comment)
RETURN {{comments/public_comment_columns}}
