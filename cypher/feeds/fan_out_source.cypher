// Fan-out of a new photo (feed/fanout.py): who posted it and how many
// followers they have (accounts above the fan-out threshold are merged in
// at read time instead). No row: the photo was deleted before the job ran.
MATCH (owner:User)-[:POSTED]->(:Photo {id: $photo})
RETURN owner.id AS owner, owner.follower_count AS follower_count
