// The keys of a notification, what notifications/details reads the rest by:
// its `type`; `seq`, an id unique among one recipient's notifications (an
// event's seq, or the mentioning photo's or comment's id: a comment's id is
// its COMMENTED seq), what the cursor remembers and pages merge by;
// `notified_at`; and the actor's, photo's and comment's ids (0 for none).
type, seq, notified_at, actor_id, photo_id, comment_id
