// Migrations: what the search index needs of the users $keys.
UNWIND $keys AS key
MATCH (u:User {id: key})
RETURN u.id AS id, u.username AS username, u.display_name AS display_name
