// The columns every notification has: `seq` (an id, unique among one
// recipient's notifications, what the cursor remembers), `notified_at`, and
// the `actor` who did it.
seq,
notified_at,
actor.id AS actor_id,
actor.username AS actor_username
