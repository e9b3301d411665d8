// One photo as $viewer sees it, with whether the privacy rule lets them see it
// and whether a block stands between them (social/privacy.py decides 404 or 403).
MATCH (photo:Photo {id: $id})
MATCH (owner:User)-[:POSTED]->(photo)
RETURN {{photos/photo_columns}},
       {{privacy/can_see}} AS can_see
