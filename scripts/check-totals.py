#!/usr/bin/env python3
"""Check the bundled regional-security data set.

Checks memberships.csv against institutions.csv and states.csv (ids, roles, years,
overlaps, existence of states and institutions under the end-of-year time rule) and
recomputes every total in tests/data/known-totals.csv.

usage: scripts/check-totals.py [DATASET_DIR] [KNOWN_TOTALS_CSV]
Exit status 0 when every total matches and no error was found; warnings do not fail.
"""
import csv
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
ddir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, 'graphs', 'regional-security')
ktot = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, 'tests', 'data', 'known-totals.csv')

ROLES = {'full', 'associate', 'observer', 'partner'}
errors, warnings = [], []


def read(path):
    with open(path, newline='', encoding='utf-8-sig') as f:
        return [{k.strip(): (v or '').strip() for k, v in r.items()} for r in csv.DictReader(f)]


def year(s):
    return int(s) if s else None


def holds(joined, left, y):
    return (joined is None or joined <= y) and (left is None or y < left)


mem = read(os.path.join(ddir, 'memberships.csv'))
inst = {r['id']: r for r in read(os.path.join(ddir, 'institutions.csv'))} \
    if os.path.exists(os.path.join(ddir, 'institutions.csv')) else {}
states = {r['id']: r for r in read(os.path.join(ddir, 'states.csv'))} \
    if os.path.exists(os.path.join(ddir, 'states.csv')) else {}

periods = {}
for n, r in enumerate(mem, start=2):
    where = f"memberships.csv:{n} {r['state']} {r['institution']}"
    role = r.get('role') or 'full'
    if role not in ROLES:
        errors.append(f'{where}: bad role {role!r}')
    j, l = year(r.get('joined')), year(r.get('left'))
    if j is not None and l is not None and l <= j:
        errors.append(f'{where}: left {l} <= joined {j}')
    if not r.get('source'):
        errors.append(f'{where}: no source')
    if inst:
        i = inst.get(r['institution'])
        if i is None:
            errors.append(f'{where}: institution not in institutions.csv')
        else:
            f, d = year(i.get('founded')), year(i.get('dissolved'))
            if j is None or (f is not None and j < f):
                warnings.append(f'{where}: joined {j} before founding {f}')
            if d is not None and (l is None or l > d):
                warnings.append(f'{where}: membership outlasts dissolution {d}')
    if states:
        s = states.get(r['state'])
        if s is None:
            errors.append(f'{where}: state not in states.csv')
        else:
            st, en = year(s.get('start')), year(s.get('end'))
            if st is not None and j is not None and j < st:
                warnings.append(f'{where}: joined {j} before the state exists ({st})')
            if en is not None and (l is None or l > en):
                warnings.append(f'{where}: membership outlasts the state (end {en})')
    for (pj, pl, pn) in periods.get((r['state'], r['institution']), []):
        lo = max(pj if pj is not None else -10**9, j if j is not None else -10**9)
        hi = min(pl if pl is not None else 10**9, l if l is not None else 10**9)
        if lo < hi:
            errors.append(f'{where}: overlaps row {pn}')
    periods.setdefault((r['state'], r['institution']), []).append((j, l, n))

bad = 0
for t in read(ktot):
    roles = {x.strip() for x in t['roles'].split(',')}
    y = int(t['year'])
    got = sorted(r['state'] for r in mem
                 if r['institution'] == t['institution'] and (r.get('role') or 'full') in roles
                 and holds(year(r.get('joined')), year(r.get('left')), y))
    exp = int(t['expected'])
    ok = len(got) == exp
    bad += not ok
    print(f"{'ok ' if ok else 'BAD'} {t['institution']:<11} {y} {t['roles']:<28} expected {exp:>3} got {len(got):>3}"
          + ('' if ok else '  ' + ' '.join(got)))

for w in warnings:
    print('warning:', w)
for e in errors:
    print('error:', e)
uncertain = sum(1 for r in mem if r.get('note', '').startswith('uncertain'))
print(f'{len(mem)} membership rows ({uncertain} uncertain), {len(inst)} institutions; '
      f'{bad} total(s) wrong, {len(errors)} error(s), {len(warnings)} warning(s)')
sys.exit(1 if bad or errors else 0)
