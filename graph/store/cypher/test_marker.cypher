// name: test_marker
// purpose: whether the database carries the marker node that declares it a test database
// template: (none)
// parameters: (none)
// returns: markers
MATCH (m:ZhiqianTestDatabase)
RETURN count(m) AS markers
