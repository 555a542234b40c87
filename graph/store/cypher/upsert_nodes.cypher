// name: upsert_nodes
// purpose: create or update nodes of one label by natural key; properties merge (SET n += row)
// template: label, key
// parameters: rows
// returns: written
UNWIND $rows AS row
MERGE (n:{label} {{key}: row.{key}})
SET n += row
RETURN count(n) AS written
