// A session is live while it was made after $made_after (its absolute lifetime) and last used after
// $used_after (its idle time): social/sessions.py computes both from the clock and the settings, and
// applies the same rule itself to the columns of sessions/viewer.
s.created_at > $made_after AND s.last_used_at > $used_after
