// name: relationships_of
// purpose: relationships of one node, outgoing then incoming, optionally of one type
// template: label, key, keys
// parameters: key, type, outgoing, incoming
// returns: side, rel
MATCH (n:{label} {{key}: $key})
CALL (n) {
  MATCH (n)-[r]->(m)
  WHERE $outgoing AND ($type IS NULL OR type(r) = $type)
  RETURN r, n AS a, m AS b, 0 AS side
  UNION ALL
  MATCH (n)<-[r]-(m)
  WHERE $incoming AND ($type IS NULL OR type(r) = $type)
  RETURN r, m AS a, n AS b, 1 AS side
}
RETURN side, {type: type(r), key: r.key, props: properties(r),
              src_labels: labels(a), src: a{keys}, dst_labels: labels(b), dst: b{keys}} AS rel
