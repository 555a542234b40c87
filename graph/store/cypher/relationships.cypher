// name: relationships
// purpose: every relationship of one type with its end nodes' labels and keys (streamed)
// template: type, keys
// parameters: (none)
// returns: rel
MATCH (a)-[r:{type}]->(b)
RETURN {type: type(r), key: r.key, props: properties(r),
        src_labels: labels(a), src: a{keys}, dst_labels: labels(b), dst: b{keys}} AS rel
