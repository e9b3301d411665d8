// The schema version this database was migrated to (no row: a new database).
MATCH (s:SchemaInfo {name: $name})
RETURN s.version AS version
