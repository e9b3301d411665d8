// Store a new hash of the same password (argon2 parameters were raised).
MATCH (u:User {id: $id})
SET u.password_hash = $password_hash
RETURN u.id AS id
