// name: neighbours
// purpose: for each node (by element id), its distinct neighbours in both directions
// template: keys
// parameters: ids
// returns: id, neighbours
UNWIND $ids AS node_id
MATCH (n) WHERE elementId(n) = node_id
RETURN node_id AS id,
       COLLECT { MATCH (n)--(m)
                 RETURN DISTINCT {id: elementId(m), labels: labels(m), ref: m{keys}} } AS neighbours
