#!/usr/bin/python3
"""peer_networkx.py - the benchmark's NetworkX peer: the same stages as
nestmap. Prints "stage NAME SECONDS PEAK_KIB".

usage: peer_networkx.py DIR [--stages load,comembership,centralities]
  load          read memberships.csv, build the bipartite Graph
  comembership  bipartite.weighted_projected_graph, weighted degree (strength),
                degree, eigenvector_centrality_numpy(weight)
  centralities  bipartite degree, betweenness and closeness centrality
"""
import csv, time
import networkx as nx
from networkx.algorithms import bipartite
from peer_common import options, report


def main():
    d, stages, _ = options()

    t0 = time.monotonic()
    B = nx.Graph()
    states, insts = set(), set()
    with open(d + "/memberships.csv", newline="") as f:
        r = csv.reader(f)
        h = next(r)
        cs, ci = h.index("state"), h.index("institution")
        edges = []
        for row in r:
            states.add(row[cs])
            insts.add(row[ci])
            edges.append((row[cs], row[ci]))
    B.add_nodes_from(states, bipartite=0)
    B.add_nodes_from(insts, bipartite=1)
    B.add_edges_from(edges)
    del edges
    report("load", t0)

    if "comembership" in stages:
        t0 = time.monotonic()
        P = bipartite.weighted_projected_graph(B, states)
        dict(P.degree(weight="weight"))
        dict(P.degree())
        if P.number_of_edges():
            nx.eigenvector_centrality_numpy(P, weight="weight")
        report("comembership", t0, "projection %d edges" % P.number_of_edges())
        del P
    if "centralities" in stages:
        t0 = time.monotonic()
        bipartite.degree_centrality(B, states)
        bipartite.betweenness_centrality(B, states)
        bipartite.closeness_centrality(B, states)
        report("centralities", t0, "exact")


main()
