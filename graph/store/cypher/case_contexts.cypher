// name: case_contexts
// purpose: for each case id, the case with its own relationships both ways, the nodes they
//          reach that the context needs (projects, respondents), the officers of every
//          respondent with their owners, and the employment edges of every claimant
// template: keys
// parameters: ids
// returns: id, case_props, outgoing, incoming, nodes, officers, jobs
UNWIND $ids AS case_id
MATCH (c:Case {id: case_id})
RETURN case_id AS id, properties(c) AS case_props,
  COLLECT { MATCH (c)-[r]->(b)
            RETURN {type: type(r), key: r.key, props: properties(r),
                    src_labels: labels(c), src: c{keys}, dst_labels: labels(b), dst: b{keys}} } AS outgoing,
  COLLECT { MATCH (a)-[r]->(c)
            RETURN {type: type(r), key: r.key, props: properties(r),
                    src_labels: labels(a), src: a{keys}, dst_labels: labels(c), dst: c{keys}} } AS incoming,
  COLLECT { MATCH (c)-[:CONCERNS|AGAINST]->(n)
            RETURN DISTINCT {labels: labels(n), props: properties(n)} } AS nodes,
  COLLECT { MATCH (c)-[:AGAINST]->(e)<-[r:LEGAL_REP_OF|CONTROLS|INVESTS_IN]-(o)
            RETURN {type: type(r), key: r.key, props: properties(r),
                    src_labels: labels(o), src: o{keys}, dst_labels: labels(e), dst: e{keys},
                    owner: properties(o)} } AS officers,
  COLLECT { MATCH (c)<-[:CLAIMANT_IN]-(w)
            WITH DISTINCT w
            MATCH (w)-[r:EMPLOYED_BY]->(e)
            RETURN {type: type(r), key: r.key, props: properties(r),
                    src_labels: labels(w), src: w{keys}, dst_labels: labels(e), dst: e{keys}} } AS jobs
