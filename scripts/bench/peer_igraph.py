#!/usr/bin/python3
"""peer_igraph.py - the benchmark's python-igraph peer: the same stages as
nestmap on a generated data set. Prints "stage NAME SECONDS PEAK_KIB".

usage: peer_igraph.py DIR [--stages load,comembership,centralities] [--values FILE]
  load          read memberships.csv, build the bipartite Graph
  comembership  weighted state projection (multiplicity), strength, degree,
                eigenvector centrality (weights, scale=True)
  centralities  degree, exact betweenness and closeness of the bipartite graph
"""
import csv, time
import igraph
from peer_common import options, report


def main():
    d, stages, values = options()

    t0 = time.monotonic()
    sid, iid, edges = {}, {}, []
    with open(d + "/memberships.csv", newline="") as f:
        r = csv.reader(f)
        h = next(r)
        cs, ci = h.index("state"), h.index("institution")
        for row in r:
            s = sid.setdefault(row[cs], len(sid))
            i = iid.setdefault(row[ci], len(iid))
            edges.append((s, i))
    ns = len(sid)
    edges = [(s, ns + i) for s, i in edges]
    g = igraph.Graph.Bipartite([False] * ns + [True] * len(iid), edges)
    report("load", t0)

    strength = co = eig = braw = None
    if "comembership" in stages:
        t0 = time.monotonic()
        p = g.bipartite_projection(which=0, multiplicity=True)
        w = p.es["weight"] if p.ecount() else []
        strength = p.strength(weights=w) if p.ecount() else [0] * ns
        co = p.degree()
        eig = p.eigenvector_centrality(weights=w, scale=True) if p.ecount() else [0] * ns
        report("comembership", t0, "projection %d edges" % p.ecount())
        del p, w
    if "centralities" in stages:
        t0 = time.monotonic()
        g.degree()
        braw = g.betweenness(directed=False)
        g.closeness()
        report("centralities", t0, "exact")
    if values:
        names = [None] * g.vcount()
        for k, v in sid.items():
            names[v] = k
        for k, v in iid.items():
            names[ns + v] = k
        with open(values, "w") as f:
            f.write("kind,index,strength,co_members,eigen,betweenness_raw\n")
            for v in range(g.vcount()):
                st = v < ns
                f.write("%s,%s,%s,%s,%s,%s\n" % (
                    "state" if st else "inst", names[v],
                    repr(float(strength[v])) if st and strength else "",
                    co[v] if st and co else "", repr(eig[v]) if st and eig else "",
                    repr(braw[v]) if braw else ""))


main()
