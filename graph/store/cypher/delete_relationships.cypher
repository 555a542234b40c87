// name: delete_relationships
// purpose: delete relationships of one type named by resolved end element ids and key
// template: type
// parameters: rows
// returns: deleted
UNWIND $rows AS row
MATCH (a)-[r:{type} {key: row.key}]->(b)
WHERE elementId(a) = row.src AND elementId(b) = row.dst
DELETE r
RETURN count(*) AS deleted
