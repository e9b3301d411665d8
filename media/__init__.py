"""Media: uploads checked and re-encoded into variants (Pillow), stored under immutable keys (local disk or S3)."""
