"""Flask web front end and JSON API (see create_app)."""
