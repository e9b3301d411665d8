// Record the schema version after migrating.
MERGE (s:SchemaInfo {name: $name})
SET s.version = $version
RETURN s.version AS version
