"""Request and response models of the HTTP API (English fields, Chinese titles)."""
