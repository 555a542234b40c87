// name: find_nodes_any
// purpose: nodes of one label whose (not indexed) property equals a value, ordered by natural key
// template: label, key
// parameters: prop, value
// returns: key, props
MATCH (n:{label})
WHERE n[$prop] = $value
RETURN n.{key} AS key, properties(n) AS props
ORDER BY key
