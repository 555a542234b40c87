// name: shortest_path
// purpose: the element ids along one shortest undirected path between two nodes, at most
//          `max_depth` hops; the template bound keeps the search from leaving that radius
// template: depth
// parameters: a, b, max_depth
// returns: ids
MATCH (a) WHERE elementId(a) = $a
MATCH (b) WHERE elementId(b) = $b
MATCH p = shortestPath((a)-[*{depth}]-(b))
WITH p WHERE length(p) <= $max_depth
RETURN [n IN nodes(p) | elementId(n)] AS ids
