// Store a new password hash: a new password, or the same one hashed with raised argon2 parameters.
MATCH (u:User {id: $id})
SET u.password_hash = $password_hash
RETURN u.id AS id
