// The public cards (the same for every viewer) of users by id, for the
// object cache (social/cached.py); one primary-key lookup per id.
UNWIND $ids AS wanted
MATCH (card_user:User {id: wanted})
RETURN {{accounts/public_card_columns}}
