// How many users a batch job (jobs/suggestions.py) will walk: its progress
// counts up to this.
MATCH (u:User)
RETURN count(u) AS users
