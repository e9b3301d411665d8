// No block either way between the recipient ($viewer) and the `actor`,
// checked from the recipient's primary key (see privacy/can_see for why).
NOT EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = actor.id }
