// name: contracting_graph
// purpose: one project with its contracts, name lending, dispatch and employment edges (by the
//          edges' project property), every party, and the officers (legal rep, controller,
//          investor) of every party; uses the relationship property indexes on `project`
// template: keys
// parameters: code
// returns: project, rels, nodes
MATCH (p:Project {code: $code})
WITH p,
     COLLECT { MATCH ()-[r:CONTRACTS_TO]->() WHERE r.project = $code RETURN r } AS contracts,
     COLLECT { MATCH ()-[r:WORKS_UNDER_NAME_OF]->() WHERE r.project = $code RETURN r } AS lending,
     COLLECT { MATCH ()-[r:DISPATCHES_TO]->() WHERE r.project = $code RETURN r } AS dispatch,
     COLLECT { MATCH ()-[r:EMPLOYED_BY]->() WHERE r.project = $code RETURN r } AS employment
WITH p, contracts + lending + dispatch AS deals, employment
WITH p, deals + employment AS edges,
     [r IN deals | startNode(r)] + [r IN deals + employment | endNode(r)] AS ends
CALL (ends) {
  UNWIND ends AS party
  WITH DISTINCT party
  OPTIONAL MATCH (owner)-[o:LEGAL_REP_OF|CONTROLS|INVESTS_IN]->(party)
  RETURN collect(DISTINCT party) + collect(DISTINCT owner) AS members, collect(o) AS officers
}
CALL (edges, officers) {
  UNWIND edges + officers AS r
  WITH r, startNode(r) AS a, endNode(r) AS b
  RETURN collect({type: type(r), key: r.key, props: properties(r),
                  src_labels: labels(a), src: a{keys}, dst_labels: labels(b), dst: b{keys}}) AS rels
}
RETURN properties(p) AS project, rels,
       [n IN members | {labels: labels(n), props: properties(n)}] AS nodes
