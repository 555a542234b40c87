// name: subgraph
// purpose: the members (by element id) with their properties and the relationships among them
// template: keys
// parameters: ids
// returns: id, labels, props, rels
UNWIND $ids AS node_id
MATCH (n) WHERE elementId(n) = node_id
RETURN node_id AS id, labels(n) AS labels, properties(n) AS props,
       COLLECT { MATCH (n)-[r]->(m) WHERE elementId(m) IN $ids
                 RETURN {type: type(r), key: r.key, props: properties(r),
                         src_labels: labels(n), src: n{keys}, dst_labels: labels(m), dst: m{keys}} } AS rels
