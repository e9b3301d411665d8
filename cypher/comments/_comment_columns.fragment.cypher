// The columns of a comment (social/comments.py builds the API's comment from
// them): the comment bound as `comment`, its photo as `photo`, its author as
// `author`, the comment it replies to (or null) as `parent`, and $viewer.
// `liked_by_me` starts at the viewer and compares ids, as photos' does.
{{comments/public_comment_columns}},
EXISTS { MATCH (:User {id: $viewer})-[:LIKED]->(liked:Comment) WHERE liked.id = comment.id } AS liked_by_me
