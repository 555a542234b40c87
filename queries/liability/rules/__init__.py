"""Rule families of the liability engine: each a pure function of the context and one route."""
