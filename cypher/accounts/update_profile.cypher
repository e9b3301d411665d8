// PATCH /v1/me: a null parameter keeps the stored value.
MATCH (u:User {id: $id})
SET u.display_name = coalesce($display_name, u.display_name),
    u.bio = coalesce($bio, u.bio),
    u.private = coalesce($private, u.private)
RETURN u.username AS username
