"""The HTTP layer: GraphQL over HTTP (Starlette on uvicorn)."""
