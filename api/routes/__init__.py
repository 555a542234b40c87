"""HTTP routes, one module per job; each exports ``router``."""
