// The columns of a photo (social/photos.py builds the API's photo from them):
// the photo bound as `photo`, its owner as `owner`, and $viewer (0: anonymous).
// `liked_by_me` starts at the viewer and compares ids, as the privacy rule
// does: LadybugDB refused a subquery on a `photo` carried through WITH.
{{photos/public_photo_columns}},
EXISTS { MATCH (:User {id: $viewer})-[:LIKED]->(liked:Photo) WHERE liked.id = photo.id } AS liked_by_me
