// What logging in needs to know about a username.
MATCH (u:User {username: $username})
RETURN u.id AS id, u.password_hash AS password_hash
