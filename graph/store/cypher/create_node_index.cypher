// name: create_node_index
// purpose: a range index on one property of one label, for find_nodes
// template: name, label, prop
// parameters: (none)
// returns: (none)
CREATE INDEX {name} IF NOT EXISTS
FOR (n:{label}) ON (n.{prop})
