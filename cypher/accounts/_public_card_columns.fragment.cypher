// The columns of a user's public card, the same for every viewer (no
// relationship: social/cards.py leaves it out for these rows), from the user
// bound as `card_user`. The counts are stored counters, not scans.
card_user.id AS id,
card_user.username AS username,
card_user.display_name AS display_name,
card_user.bio AS bio,
card_user.private AS private,
card_user.photo_count AS photos,
card_user.follower_count AS followers,
card_user.following_count AS following
