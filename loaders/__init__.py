"""Getting data in: readers, column mappings, validation, idempotent ingest, the synthetic city."""
