// name: relationship_values
// purpose: the end nodes' labels and keys and some properties of every relationship of one type (a lean whole-city scan)
// template: type, keys
// parameters: names
// returns: src_labels, src, dst_labels, dst, key, values
MATCH (a)-[r:{type}]->(b)
RETURN labels(a) AS src_labels, a{keys} AS src, labels(b) AS dst_labels, b{keys} AS dst,
       r.key AS key, [name IN $names | r[name]] AS values
