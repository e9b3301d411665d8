"""The ``instagraph`` console script: serve, schema, cypher (one module per command)."""
