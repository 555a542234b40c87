// name: count_type
// purpose: how many relationships have one type (answered from the count store)
// template: type
// parameters: (none)
// returns: name, count
MATCH ()-[r:{type}]->()
RETURN '{type}' AS name, count(r) AS count
