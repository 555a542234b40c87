// name: node_ids
// purpose: element ids of the nodes of one label named by natural key (missing keys are absent)
// template: label, key
// parameters: keys
// returns: key, id
UNWIND $keys AS k
MATCH (n:{label} {{key}: k})
RETURN k AS key, elementId(n) AS id
