// name: find_nodes
// purpose: nodes of one label whose indexed property equals a value, ordered by natural key
// template: label, key, prop
// parameters: value
// returns: key, props
MATCH (n:{label})
WHERE n.{prop} = $value
RETURN n.{key} AS key, properties(n) AS props
ORDER BY key
