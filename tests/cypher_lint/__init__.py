"""Cypher lint: every statement the code can send, checked by Neo4j's own parser."""
