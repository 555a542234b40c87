// name: count_label
// purpose: how many nodes carry one label (answered from the count store)
// template: label
// parameters: (none)
// returns: name, count
MATCH (n:{label})
RETURN '{label}' AS name, count(n) AS count
