"""FastAPI application: routers per resource, auth dependencies, schemas, error handlers, pages."""
