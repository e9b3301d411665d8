// GET /v1/me/suggestions served from the list `instagraph jobs suggestions`
// stored (social/discovery.py): the cards of the accounts $ids as $viewer
// sees them now. An account deleted since has no row; the card's
// relationship columns tell the caller which ones the viewer has followed,
// asked to follow or blocked (either way) since. In no order: the caller
// keeps the stored order.
// `IN $ids` and not UNWIND: see discovery/explore_photos.
MATCH (card_user:User)
WHERE card_user.id IN $ids
RETURN {{accounts/card_columns}}
