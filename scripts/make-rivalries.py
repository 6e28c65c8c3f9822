#!/usr/bin/env python3
"""Regenerate graphs/regional-security/rivalries.csv from the Thompson-Dreyer rivalries.

Reads the shared Thompson-Dreyer file (COW country codes), keeps the rivalries that are active at
some time in 1945-2000, maps both codes through graphs/crosswalk/cow-iso3.csv year by year and
splits a rivalry into one row per period in which both ids stay the same (e.g. USA-SUN up to 1990,
USA-RUS from 1991). `from`/`to` are inclusive, as in the source; `to` is empty when endyear is NA.

It also checks the crosswalk and states.csv (unique ids; every COW state in the system at the end of
a year 1945-2000 maps to exactly one id that is in states.csv and exists at the end of that year;
every rivalry id is in states.csv) and exits with status 1 on any error.

Usage (from the repository root; python3, standard library only):

    python3 scripts/make-rivalries.py            # write graphs/regional-security/rivalries.csv
    python3 scripts/make-rivalries.py --check    # verify the committed file is up to date, write nothing
    python3 scripts/make-rivalries.py -v         # also list where states.csv deliberately differs from COW

Options --rivalries, --crosswalk, --states, --cow-states and --out override the default paths.
"""

import argparse
import csv
import io
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = "/work/shared/data"
FIRST, LAST = 1945, 2000          # the window nestmap's regional-security data covers
SOURCE = "Thompson & Dreyer (2011), rivalry no. {}"


def year(s):
    s = (s or "").strip()
    return None if s in ("", "NA") else int(s)


class Crosswalk:
    """cow_code -> list of (start, end, id); the id applies at the end of Y when start <= Y < end."""

    def __init__(self, path):
        self.rows = {}
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                self.rows.setdefault(int(r["cow_code"]), []).append(
                    (year(r["start"]), year(r["end"]), r["id"].strip()))

    def lookup(self, code, y):
        hits = [i for (s, e, i) in self.rows.get(code, [])
                if (s is None or s <= y) and (e is None or y < e)]
        if len(hits) != 1:
            raise ValueError("COW code %s in %d maps to %d ids: %s" % (code, y, len(hits), hits))
        return hits[0]

    def boundaries(self, code):
        """Years at which the id of `code` may change."""
        out = set()
        for (s, e, _) in self.rows.get(code, []):
            out.update(v for v in (s, e) if v is not None)
        return out


def load_states(path):
    states, errors = {}, []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            i = r["id"].strip()
            if i in states:
                errors.append("states.csv: duplicate id %s" % i)
            states[i] = (year(r.get("start")), year(r.get("end")))
    return states, errors


def exists(states, i, y):
    s, e = states[i]
    return (s is None or s <= y) and (e is None or y < e)


def split(cw, c1, c2, first, last):
    """Split [first, last] (last None = open) into runs with constant (id1, id2)."""
    cuts = sorted(b for b in cw.boundaries(c1) | cw.boundaries(c2)
                  if b > first and (last is None or b <= last))
    starts = [first] + cuts
    runs = []
    for k, s in enumerate(starts):
        e = starts[k + 1] - 1 if k + 1 < len(starts) else last
        runs.append((cw.lookup(c1, s), cw.lookup(c2, s), s, e))
    # merge neighbours whose ids did not actually change
    merged = []
    for r in runs:
        if merged and merged[-1][:2] == r[:2]:
            merged[-1] = (r[0], r[1], merged[-1][2], r[3])
        else:
            merged.append(r)
    return merged


def make_rows(rivalries_path, cw):
    with open(rivalries_path, newline="", encoding="utf-8") as f:
        src = list(csv.DictReader(f))
    out = []
    for r in src:
        no, st, en = int(r["rivalryno"]), year(r["styear"]), year(r["endyear"])
        if st > LAST or (en is not None and en < FIRST):
            continue                      # not active in 1945-2000
        c1, c2 = int(r["ccode1"]), int(r["ccode2"])
        for a, b, s, e in split(cw, c1, c2, st, en):
            out.append((no, s, [a, b, s, "" if e is None else e, r["rivalryname"], SOURCE.format(no)]))
    out.sort(key=lambda t: (t[0], t[1]))
    return [row for (_, _, row) in out]


def render(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["a", "b", "from", "to", "name", "source"])
    w.writerows(rows)
    return buf.getvalue()


def check_crosswalk(cw, states, cow_states_path, verbose):
    errors, notes = [], []
    spells = {}
    with open(cow_states_path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            spells.setdefault(int(r["ccode"]), []).append(
                ((int(r["styear"]), int(r["stmonth"]), int(r["stday"])),
                 (int(r["endyear"]), int(r["endmonth"]), int(r["endday"]))))
    for code in spells:
        if code not in cw.rows:
            errors.append("crosswalk: COW code %d missing" % code)
    for code in cw.rows:
        if code not in spells:
            errors.append("crosswalk: code %d is not in states2016.csv" % code)
    in_cow = set()                        # (id, year) pairs COW has in the system at the end of year
    for code, sp in sorted(spells.items()):
        if code not in cw.rows:
            continue
        for y in range(FIRST, LAST + 1):
            if not any(s <= (y, 12, 31) <= e for (s, e) in sp):
                continue
            try:
                i = cw.lookup(code, y)
            except ValueError as ex:
                errors.append(str(ex))
                continue
            in_cow.add((i, y))
            if i not in states:
                errors.append("crosswalk: id %s (COW %d, %d) not in states.csv" % (i, code, y))
            elif not exists(states, i, y):
                errors.append("states.csv: %s does not exist at the end of %d but COW %d is in the system"
                              % (i, y, code))
    # the other direction is allowed (deliberate: real founding years, non-states); list it with -v
    for i in sorted(states):
        extra = [y for y in range(FIRST, LAST + 1) if exists(states, i, y) and (i, y) not in in_cow]
        if extra:
            notes.append("%s exists in states.csv but not in the COW system at the end of: %s"
                         % (i, compress(extra)))
    if verbose:
        for n in notes:
            print("note:", n, file=sys.stderr)
    return errors


def compress(ys):
    out, s = [], ys[0]
    for a, b in zip(ys, ys[1:] + [None]):
        if b != a + 1:
            out.append(str(s) if s == a else "%d-%d" % (s, a))
            s = b
    return ", ".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rivalries", default=os.path.join(SHARED, "rivalries", "td_rivalries.csv"))
    p.add_argument("--cow-states", default=os.path.join(SHARED, "cow-igo-v3", "states2016.csv"))
    p.add_argument("--crosswalk", default=os.path.join(ROOT, "graphs", "crosswalk", "cow-iso3.csv"))
    p.add_argument("--states", default=os.path.join(ROOT, "graphs", "regional-security", "states.csv"))
    p.add_argument("--out", default=os.path.join(ROOT, "graphs", "regional-security", "rivalries.csv"))
    p.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()

    cw = Crosswalk(args.crosswalk)
    states, errors = load_states(args.states)
    errors += check_crosswalk(cw, states, args.cow_states, args.verbose)
    rows = make_rows(args.rivalries, cw)
    for a, b, s, e, name, _ in rows:
        for i in (a, b):
            if i not in states:
                errors.append("rivalries: id %s (%s) not in states.csv" % (i, name))
    for e in errors:
        print("error:", e, file=sys.stderr)
    text = render(rows)
    if args.check:
        with open(args.out, newline="", encoding="utf-8") as f:
            same = f.read() == text
        print("%s: %s (%d rows)" % (args.out, "up to date" if same else "DIFFERS", len(rows)))
        return 1 if errors or not same else 0
    if errors:
        return 1
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s: %d rows" % (args.out, len(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
