// A user's card, and whether $viewer may see their content (the privacy rule).
MATCH (owner:User {username: $username})
WITH owner, owner AS card_user
RETURN {{accounts/card_columns}},
       {{privacy/can_see}} AS can_see
