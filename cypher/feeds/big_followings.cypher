// The accounts $viewer follows that are too big to fan out (more than
// $max_followers followers): their photos are merged into the viewer's feed
// when it is read (feeds/merged_ids). A query of its own because most
// viewers follow none, and this alone costs a tenth of the merge.
MATCH (:User {id: $viewer})-[:FOLLOWS]->(owner:User)
WHERE owner.follower_count > $max_followers
RETURN owner.id AS id
