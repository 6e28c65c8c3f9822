#!/usr/bin/env python3
"""Checks a nestmap JSON report against fixtures computed by independent tools
(tests/fixtures/<ds>/: vegan's nodf.csv, NetworkX's centrality.csv,
python-igraph's projection.csv, connectivity.csv) to 1e-9 relative.
Usage: check-report.py REPORT.json FIXTURE_DIR"""
import csv
import json
import math
import sys


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def close(got, want):
    want = float(want)
    if math.isnan(want):
        return got is None
    return got is not None and abs(got - want) <= 1e-9 * max(1.0, abs(want))


report = json.load(open(sys.argv[1]))
fx = sys.argv[2]
bad = []
nodf = rows(fx + "/nodf.csv")[0]
for key, col in (("nodf", "nodf"), ("nodf_rows", "nodf_rows"), ("nodf_columns", "nodf_columns")):
    if not close(report["summary"][key], nodf[col]):
        bad.append("summary.%s = %r, vegan %s" % (key, report["summary"][key], nodf[col]))
conn = rows(fx + "/connectivity.csv")[0]
for key in ("density", "components", "mean_comembership", "projection_density",
            "projection_clustering", "average_path_length", "diameter"):
    if not close(report["connectivity"][key], conn[key]):
        bad.append("connectivity.%s = %r, fixture %s" % (key, report["connectivity"][key], conn[key]))
states = {s["id"]: s for s in report["states"]}
insts = {i["id"]: i for i in report["institutions"]}
for r in rows(fx + "/centrality.csv"):
    node = states.get(r["id"]) if r["kind"] == "state" else insts.get(r["id"])
    for key in ("degree_centrality", "closeness", "betweenness"):
        if node is None or not close(node[key], r[key]):
            bad.append("%s %s.%s = %r, NetworkX %s" % (r["kind"], r["id"], key, node and node[key], r[key]))
for r in rows(fx + "/projection.csv"):
    s = states.get(r["id"])
    for key in ("eigenvector", "strength"):
        if s is None or not close(s[key], r[key]):
            bad.append("state %s.%s = %r, igraph %s" % (r["id"], key, s and s[key], r[key]))
for b in bad[:10]:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
