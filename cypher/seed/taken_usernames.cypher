// Which of $names are taken already (jobs/seed.py refuses to seed over
// them), a few at most: enough to say so.
UNWIND $names AS name
MATCH (taken:Username {name: name})
RETURN taken.name AS name
LIMIT 5
