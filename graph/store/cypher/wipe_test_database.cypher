// name: wipe_test_database
// purpose: empty a test database (keeps the marker node); only ever sent after test_marker
//          or the database name proved it is a test database
// template: (none)
// parameters: (none)
// returns: (none)
MATCH (n)
WHERE NOT n:ZhiqianTestDatabase
DETACH DELETE n
