// How many users, hashtags and search terms the graph holds (jobs/seed.py):
// only a graph with none of them may be bulk-loaded, since every copied
// username, hashtag and term must be new and the stored counters are counted
// before they are written.
RETURN COUNT { MATCH (:User) } AS users,
       COUNT { MATCH (:Hashtag) } AS hashtags,
       COUNT { MATCH (:SearchTerm) } AS terms
