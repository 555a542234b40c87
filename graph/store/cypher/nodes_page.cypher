// name: nodes_page
// purpose: one page of the nodes of a label in natural-key order (keyset pagination)
// template: label, key
// parameters: after, limit
// returns: key, props
MATCH (n:{label})
WHERE n.{key} > $after
RETURN n.{key} AS key, properties(n) AS props
ORDER BY key
LIMIT $limit
