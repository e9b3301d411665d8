// The columns of a photo (social/photos.py builds the API's photo from them):
// the photo bound as `photo`, its owner as `owner`, and $viewer (0: anonymous).
// `liked_by_me` starts at the viewer and compares ids, as the privacy rule
// does: LadybugDB refused a subquery on a `photo` carried through WITH.
photo.id AS id,
owner.id AS owner_id,
owner.username AS owner_username,
photo.caption AS caption,
photo.alt_text AS alt_text,
photo.hashtags AS hashtags,
photo.mentions AS mentions,
photo.created_at AS created_at,
photo.media AS media,
photo.blurhash AS blurhash,
photo.like_count AS like_count,
photo.comment_count AS comment_count,
EXISTS { MATCH (:User {id: $viewer})-[:LIKED]->(liked:Photo) WHERE liked.id = photo.id } AS liked_by_me
