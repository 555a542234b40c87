// name: create_rel_index
// purpose: a range index on one property of one relationship type (the `project` of the
//          contracting edges, read by contracting_graph)
// template: name, type, prop
// parameters: (none)
// returns: (none)
CREATE INDEX {name} IF NOT EXISTS
FOR ()-[r:{type}]-() ON (r.{prop})
