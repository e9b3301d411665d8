// The seq of $viewer's follow number $skip + 1, newest first: discovery
// (social/discovery.py) walks only the follows from there on, so a viewer
// who follows thousands costs no more than one who follows a few hundred.
// No row: the viewer follows fewer than that, and every follow counts.
// The ORDER BY … LIMIT is in the final RETURN: LadybugDB may ignore a top-N
// that later clauses build on.
MATCH (:User {id: $viewer})-[followed:FOLLOWS]->(:User)
RETURN followed.seq AS horizon
ORDER BY horizon DESC
SKIP $skip
LIMIT 1
