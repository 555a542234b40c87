// name: merge_relationships
// purpose: create or update relationships of one type between nodes already resolved to element ids
// template: type
// parameters: rows
// returns: written
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.src
MATCH (b) WHERE elementId(b) = row.dst
MERGE (a)-[r:{type} {key: row.key}]->(b)
SET r += row.props
RETURN count(r) AS written
