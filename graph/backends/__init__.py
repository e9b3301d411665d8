"""Graph backends: LadybugDB (embedded) and Neo4j (production)."""
