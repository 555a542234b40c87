// name: create_constraint
// purpose: the uniqueness constraint (and its backing index) on one label's natural key
// template: name, label, key
// parameters: (none)
// returns: (none)
CREATE CONSTRAINT {name} IF NOT EXISTS
FOR (n:{label}) REQUIRE n.{key} IS UNIQUE
