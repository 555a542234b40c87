"""Transports: the HTTP API (FastAPI) and the command line (typer)."""
