#!/usr/bin/env python3
"""Writes the malformed-input corpus under tests/data/bad/ and its expectations.

Each case is a data set (a single memberships file, a directory or COW data)
that nestmap must reject, or accept, with exactly the exit code and message
written here by hand. tests/cli/run.sh checks every case. Re-run this script
after editing it; the files it writes are committed.
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
H = "state,institution,role,joined,left\n"
STATES = "id,name,region\nAAA,Avalon,North\nBBB,Borduria,North\n"
INSTS = "id,name,type,track,region,founded\npact,Pact,collective-defence,1,North,1949\n"
MEMB = "state,institution\nAAA,pact\n"

# name: (files {relpath: bytes or str} or a single string, args, rc, expected stderr substrings)
CASES = []


def case(name, content, rc, *msgs, args="info"):
    CASES.append((name, content, args, rc, msgs))


def f(name):
    return "tests/data/bad/" + name


# --- single memberships files -------------------------------------------------
case("role.csv", H + "AAA,pact,full,1990,\nBBB,pact,memeber,1990,\n", 1,
     f("role.csv") + ":3: unknown role 'memeber' (expected full, associate, observer or partner)")
case("left-before.csv", H + "AAA,pact,full,1990,1980\n", 1,
     f("left-before.csv") + ":2: left 1980 is not after joined 1990")
case("left-equal.csv", H + "AAA,pact,full,1990,1990\n", 1,
     f("left-equal.csv") + ":2: left 1990 is not after joined 1990")
case("year-text.csv", H + "AAA,pact,full,abc,\n", 1,
     f("year-text.csv") + ":2: joined 'abc' is not a year (expected 1 to 9999, or empty)")
case("year-zero.csv", H + "AAA,pact,full,0,\n", 1, f("year-zero.csv") + ":2: joined '0' is not a year")
case("year-big.csv", H + "AAA,pact,full,1990,10000\n", 1, f("year-big.csv") + ":2: left '10000' is not a year")
case("year-negative.csv", H + "AAA,pact,full,-5,\n", 1, f("year-negative.csv") + ":2: joined '-5' is not a year")
case("year-float.csv", H + "AAA,pact,full,1990.5,\n", 1, f("year-float.csv") + ":2: joined '1990.5' is not a year")
case("year-overflow.csv", H + "AAA,pact,full,99999999999999999999,\n", 1,
     f("year-overflow.csv") + ":2: joined '99999999999999999999' is not a year")
case("no-state-col.csv", "country,institution\nAAA,pact\n", 1,
     f("no-state-col.csv") + ":1: missing required column 'state'")
case("no-inst-col.csv", "state,org\nAAA,pact\n", 1,
     f("no-inst-col.csv") + ":1: missing required column 'institution'")
case("empty.csv", "", 1, f("empty.csv") + ": empty file (expected a header line)")
case("blank-lines.csv", "\n\n\n", 1, f("blank-lines.csv") + ": empty file (expected a header line)")
case("header-only.csv", H, 0)
case("header-only-report.csv", H, 1, "empty selection: no states", args="export")
case("unterminated.csv", H + "AAA,pact,full,1990,\n\"BBB,pact,full,1990,\nCCC,pact,,,\n", 1,
     f("unterminated.csv") + ":3: unterminated quoted field")
case("stray-quote.csv", H + "AAA,pa\"ct,full,1990,\n", 1, f("stray-quote.csv") + ":2: malformed quoting")
case("after-quote.csv", H + "\"AAA\"x,pact,full,1990,\n", 1, f("after-quote.csv") + ":2: malformed quoting")
case("too-many.csv", H + "AAA,pact,full,1990,,extra\n", 1,
     f("too-many.csv") + ":2: expected 5 fields as in the header, found 6")
case("too-few.csv", H + "AAA,pact\n", 1, f("too-few.csv") + ":2: expected 5 fields as in the header, found 2")
case("utf8.csv", (H + "AAA,pact,full,1990,\nB\xe9B,pact,full,1990,\n").encode("latin-1"), 1,
     f("utf8.csv") + ":3: invalid UTF-8 (byte 0xe9); save the file as UTF-8")
case("nul.csv", (H + "AAA,pact,full,1990,\nB\0B,pact,full,1990,\n").encode(), 1, f("nul.csv") + ":3: NUL byte in text")
case("utf16.csv", ("\ufeff" + H + "AAA,pact,full,1990,\n").encode("utf-16-le"), 1, f("utf16.csv") + ":1: NUL byte in text")
case("binary.csv", bytes(range(256)) * 4, 1, f("binary.csv") + ":1: NUL byte in text")
case("huge-field.csv", H + "AAA,pact,full,1990,\n" + "B" * 70000 + ",pact,full,1990,\n", 1,
     f("huge-field.csv") + ":3: field of 70000 bytes is too long (at most 65536)")
case("huge-line.csv", H + ",".join(["x"] * 100000) + "\n", 1,
     f("huge-line.csv") + ":2: expected 5 fields as in the header, found 100000")
case("long-id.csv", H + "A" * 65 + ",pact,full,1990,\n", 1,
     f("long-id.csv") + ":2: state '" + "A" * 65 + "' is longer than 64 characters")
case("space-id.csv", H + "A A,pact,full,1990,\n", 1,
     f("space-id.csv") + ":2: state 'A A' contains a space or control character")
case("empty-id.csv", H + ",pact,full,1990,\n", 1, f("empty-id.csv") + ":2: empty state")
case("dup-overlap.csv", H + "AAA,pact,full,1990,2000\nAAA,pact,full,1995,\n", 1,
     f("dup-overlap.csv") + ":3: duplicate membership of 'AAA' in 'pact' (its years overlap line 2)")
case("dup-same.csv", H + "AAA,pact,,,\nBBB,pact,,,\nAAA,pact,,,\n", 1,
     f("dup-same.csv") + ":4: duplicate membership of 'AAA' in 'pact' (its years overlap line 2)")
case("both-roles.csv", H + "AAA,pact,full,1990,\nAAA,AAA,full,1990,\n", 1,
     f("both-roles.csv") + ":3: id 'AAA' is used both as a state and as an institution")
case("bom-crlf.csv", ("\ufeff" + H + "AAA,pact,full,1990,\r\nBBB,pact,,1991,\r\n").encode(), 0)
case("mixed-eol.csv", (H + "AAA,pact,full,1990,\r\nBBB,pact,,1991,\n\"CCC\",\"pact\",,,\r\n").encode(), 0)
case("quoted-newline.csv", "state,institution,source\nAAA,pact,\"line one\nline two\"\nBBB,\"pa ct\",x\n", 1,
     f("quoted-newline.csv") + ":4: institution 'pa ct' contains a space or control character")
case("many-errors.csv", H + "AAA,pact,bad1,1990,\nBBB,pact,full,x,\nCCC,pact,full,1990,1980\n", 1,
     f("many-errors.csv") + ":2: unknown role 'bad1'", f("many-errors.csv") + ":3: joined 'x' is not a year",
     f("many-errors.csv") + ":4: left 1980 is not after joined 1990")
case("no-such-file.csv", None, 1, f("no-such-file.csv") + ": cannot open: No such file or directory")

# --- data-set directories -------------------------------------------------------
def ds(states=STATES, insts=INSTS, memb=MEMB, rivals=None):
    d = {}
    if states is not None:
        d["states.csv"] = states
    if insts is not None:
        d["institutions.csv"] = insts
    if memb is not None:
        d["memberships.csv"] = memb
    if rivals is not None:
        d["rivalries.csv"] = rivals
    return d


case("unknown-state", ds(memb=MEMB + "ZZZ,pact\n"), 1,
     f("unknown-state/memberships.csv") + ":3: unknown state 'ZZZ' (not in states.csv)")
case("unknown-inst", ds(memb=MEMB + "BBB,nato\n"), 1,
     f("unknown-inst/memberships.csv") + ":3: unknown institution 'nato' (not in institutions.csv)")
case("id-clash", ds(insts=INSTS + "AAA,Avalon Org,other,1,North,1950\n"), 1,
     f("id-clash/institutions.csv") + ":3: id 'AAA' is used both as a state (states.csv) and as an institution")
case("dup-state", ds(states=STATES + "AAA,Again,North\n"), 1, f("dup-state/states.csv") + ":4: duplicate state id 'AAA'")
case("dup-inst", ds(insts=INSTS + "pact,Again,other,1,North,1950\n"), 1,
     f("dup-inst/institutions.csv") + ":3: duplicate institution id 'pact'")
case("bad-type", ds(insts=INSTS + "club,Club,alliance,1,North,1950\n"), 1,
     f("bad-type/institutions.csv") + ":3: unknown type 'alliance' (expected collective-defence")
case("bad-track", ds(insts=INSTS + "club,Club,other,3,North,1950\n"), 1,
     f("bad-track/institutions.csv") + ":3: unknown track '3' (expected 1 or 2)")
case("no-founded", ds(insts=INSTS + "club,Club,other,1,North,\n"), 1,
     f("no-founded/institutions.csv") + ":3: empty founded year for institution 'club'")
case("dissolved-early", ds(insts="id,name,type,track,region,founded,dissolved\npact,Pact,other,1,North,1950,1940\n"), 1,
     f("dissolved-early/institutions.csv") + ":2: dissolved 1940 is not after founded 1950")
case("no-region-col", ds(states="id,name\nAAA,Avalon\n"), 1,
     f("no-region-col/states.csv") + ":1: missing required column 'region'")
case("empty-region", ds(states=STATES + "CCC,Carpania,\n"), 1, f("empty-region/states.csv") + ":4: empty region for state 'CCC'")
case("name-newline", ds(states="id,name,region\nAAA,\"Ava\nlon\",North\n"), 1,
     f("name-newline/states.csv") + ":2: name 'Ava?lon' contains a control character")
case("region-tab", ds(insts="id,name,type,track,region,founded\npact,Pact,other,1,\"No\trth\",1950\n"), 1,
     f("region-tab/institutions.csv") + ":2: region 'No?rth' contains a control character")
case("bad-cow", ds(states="id,name,region,cow_code\nAAA,Avalon,North,two\n"), 1,
     f("bad-cow/states.csv") + ":2: cow_code 'two' is not a country code")
case("bad-kind", ds(states="id,name,region,kind\nAAA,Avalon,North,nation\n"), 1,
     f("bad-kind/states.csv") + ":2: unknown kind 'nation' (expected state or non-state)")
case("state-end", ds(states="id,name,region,start,end\nAAA,Avalon,North,1990,1980\n"), 1,
     f("state-end/states.csv") + ":2: end 1980 is not after start 1990")
case("bad-activity", ds(insts="id,name,type,track,region,founded,activities\npact,Pact,other,1,North,1950,peacekeeping;diplomacy\n"), 1,
     f("bad-activity/institutions.csv") + ":2: unknown activity 'diplomacy'")
case("bad-budget", ds(insts="id,name,type,track,region,founded,budget_musd\npact,Pact,other,1,North,1950,-3\n"), 1,
     f("bad-budget/institutions.csv") + ":2: budget_musd '-3' is not a non-negative number")
case("rival-unknown", ds(rivals="a,b\nAAA,QQQ\n"), 1, f("rival-unknown/rivalries.csv") + ":2: unknown state 'QQQ' (not in states.csv)")
case("rival-self", ds(rivals="a,b\nAAA,AAA\n"), 1, f("rival-self/rivalries.csv") + ":2: a rivalry of 'AAA' with itself")
case("rival-years", ds(rivals="a,b,from,to\nAAA,BBB,1990,1980\n"), 1, f("rival-years/rivalries.csv") + ":2: to 1980 is before from 1990")
case("no-memberships", ds(memb=None), 1, f("no-memberships/memberships.csv") + ": cannot open: No such file or directory")
case("errors-in-two-files", ds(states=STATES + "AAA,Again,North\n", memb=MEMB + "BBB,pact,sometimes,,\n"), 1,
     f("errors-in-two-files/states.csv") + ":4: duplicate state id 'AAA'")

# --- Correlates of War state-year data ----------------------------------------
COW = "ccode,year,state,nato,wpact\n"
case("cow-code.csv", COW + "200,1999,uk,1,-1\n2,1999,usa,7,-1\n", 1,
     f("cow-code.csv") + ":3: column 'nato': unknown code '7' (expected 0, 1, 2, 3, -1 or -9)")
case("cow-year.csv", COW + "200,19x9,uk,1,-1\n", 1, f("cow-year.csv") + ":2: bad ccode or year ('200', '19x9')")
case("cow-twice.csv", COW + "200,1999,uk,1,-1\n200,1999,uk,1,-1\n", 1,
     f("cow-twice.csv") + ":3: state 'GBR' appears twice in 1999 (also line 2)")
case("cow-igo.csv", COW + "200,1999,uk,1,-1\n", 1, f("cow-igo.csv") + ": unknown IGO 'osce' (not a column of this file)",
     args="info --igo nato,osce")
case("cow-missing.csv", COW + "200,1998,uk,1,-1\n200,1999,uk,-9,-1\n2,1999,usa,1,-9\n", 0, args="info --input-format cow")
# fuzz_cow: an IGO named more often than the file has columns overflowed the column list (heap)
case("cow-igo-twice.csv", COW + "200,1999,uk,1,-1\n", 0, args="info --igo " + ",".join(["nato"] * 9))
# the echoed fields of a bad row are quoted: control characters show as '?'
case("cow-year-ctrl.csv", COW + "200,19\x1b9,uk,1,-1\n", 1, f("cow-year-ctrl.csv") + ":2: bad ccode or year ('200', '19?9')")

# -------------------------------------------------------------------------------
def write(path, content):
    if isinstance(content, str):
        content = content.encode()
    with open(path, "wb") as out:
        out.write(content)


def main():
    for entry in os.listdir(HERE):
        p = os.path.join(HERE, entry)
        if entry in ("make-corpus.py", "README.md"):
            continue
        shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    with open(os.path.join(HERE, "expected.tsv"), "w") as ex:
        ex.write("# case\targs\texit\texpected stderr lines (substring each), '|'-separated\n")
        for name, content, args, rc, msgs in CASES:
            if isinstance(content, dict):
                os.mkdir(os.path.join(HERE, name))
                for rel, text in content.items():
                    write(os.path.join(HERE, name, rel), text)
            elif content is not None:
                write(os.path.join(HERE, name), content)
            ex.write("%s\t%s\t%d\t%s\n" % (name, args, rc, "|".join(msgs)))
    print("%d cases" % len(CASES))


main()
