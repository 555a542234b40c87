// name: await_indexes
// purpose: wait until every index and constraint is online (after schema apply), at most
//          `seconds` seconds
// template: (none)
// parameters: seconds
// returns: (none)
CALL db.awaitIndexes($seconds)
