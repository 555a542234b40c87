"""docker-compose.yml checked against the Compose specification and the project's rules."""
