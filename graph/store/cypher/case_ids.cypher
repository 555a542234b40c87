// name: case_ids
// purpose: every case id in order
// template: (none)
// parameters: (none)
// returns: id
MATCH (c:Case)
RETURN c.id AS id
ORDER BY id
