// Everyone with a pending request to $viewer (making the account public approves them all).
MATCH (them:User)-[:REQUESTED]->(:User {id: $viewer})
RETURN them.id AS requester
