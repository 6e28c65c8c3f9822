#!/usr/bin/env python3
"""Reads a GraphML file written by nestmap with NetworkX (an independent reader)
and checks: number of state nodes, institution nodes, edges, and one edge's role
given as STATE:INSTITUTION:ROLE. Exit 0 when all hold."""
import sys
import networkx as nx

path, ns, ni, ne, edge = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
g = nx.read_graphml(path)
states = [n for n, d in g.nodes(data=True) if d.get("bipartite") == 0]
insts = [n for n, d in g.nodes(data=True) if d.get("bipartite") == 1]
ids = {n: d["id"] for n, d in g.nodes(data=True)}
s, i, role = edge.split(":")
roles = {(ids[u], ids[v]): d.get("role") for u, v, d in g.edges(data=True)}
roles.update({(b, a): r for (a, b), r in list(roles.items())})
ok = (len(states), len(insts), g.number_of_edges()) == (ns, ni, ne) and roles.get((s, i)) == role
if not ok:
    print("graphml: %d states, %d institutions, %d edges, %s-%s role %s"
          % (len(states), len(insts), g.number_of_edges(), s, i, roles.get((s, i))), file=sys.stderr)
sys.exit(0 if ok else 1)
