// name: get_nodes
// purpose: the properties of the nodes of one label named by natural key
// template: label, key
// parameters: keys
// returns: key, props
UNWIND $keys AS k
MATCH (n:{label} {{key}: k})
RETURN k AS key, properties(n) AS props
