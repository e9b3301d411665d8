// Write-lock `me` and `them` before matching what lies between them, in
// statements that delete FOLLOWS and subtract what they matched from the
// counters. Neo4j reads at read committed and a DELETE of a relationship that
// a concurrent transaction deleted first is silently skipped, yet still
// counted by the statement: matched before the lock, it would be subtracted
// twice. A SET that reads the property it writes takes the node's write lock
// before reading; every FOLLOWS change locks both its users, so what is
// matched after this stays as it is until commit. On LadybugDB (one write at
// a time) it changes nothing.
SET me.follower_count = me.follower_count, them.follower_count = them.follower_count
WITH me, them
