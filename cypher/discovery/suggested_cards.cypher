// GET /v1/me/suggestions served from the list `instagraph jobs suggestions`
// stored (social/discovery.py): the cards of the accounts $ids as $viewer
// sees them now. An account deleted since has no row; the card's
// relationship columns tell the caller which ones the viewer has followed,
// asked to follow or blocked (either way) since. In no order: the caller
// keeps the stored order.
// Each account by primary key: `WHERE card_user.id IN $ids` read every
// user's columns before filtering (see discovery/explore_photos).
UNWIND $ids AS user_id
MATCH (card_user:User {id: user_id})
RETURN {{accounts/card_columns}}
