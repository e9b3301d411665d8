// A user's card, and whether $viewer may see their content (the privacy rule).
// Found through the Username node: an index lookup on both engines.
MATCH (:Username {name: $username})-[:NAMES]->(owner:User)
WITH owner, owner AS card_user
RETURN {{accounts/card_columns}},
       {{privacy/can_see}} AS can_see
