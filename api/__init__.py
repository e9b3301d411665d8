"""HTTP only: the Falcon app, its resources, schemas, errors and middleware."""
