#!/usr/bin/python3
"""run.py - the benchmark driver behind scripts/bench.sh (see docs/performance.md).

For each size: generates the data set (once, cached in the scratch
directory), runs nestmap's stages (scripts/bench/nm_stages.c) and the same
work in python-igraph, NetworkX and R vegan, each as a child process under a
timeout, and prints per stage the median time, the peak resident memory and
each peer's time as a multiple of nestmap's. Peers whose estimated cost at a
size is beyond the time or memory budget are skipped with a note.

Environment: NESTMAP, NM_STAGES (binaries), BENCH_DIR (scratch), BENCH_PEERS
(comma list, default igraph,networkx,vegan), BENCH_REPEAT (nestmap runs,
default 3), BENCH_PEER_REPEAT (peer runs, default 3 on small, 1 above),
BENCH_TIMEOUT (seconds per peer run, default 600), BENCH_NSIM (null-model
simulations, default 99), BENCH_MEM_GIB (memory budget, default 16),
BENCH_REPORT (markdown file to append the tables to), BENCH_COW (the COW IGO
v3 state-year file for the timeline run, default
/work/shared/data/cow-igo-v3/state_year_formatv3.csv; empty = skip it).

After the sizes, `nestmap timeline` runs over every COW year (1816-2014) for
the IGOs and regions of scripts/cow-longrun.sh, when the COW file is there.
"""
import math, os, resource, signal, statistics, subprocess, sys, time

SIZES = {  # states, institutions, mean memberships per state
    "small": (200, 300, 25),
    "medium": (5000, 2000, 20),
    "large": (50000, 10000, 20),
    "xlarge": (500000, 50000, 10),
}
STAGES = ["load", "comembership", "centralities", "nodf", "null"]
HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
RSCRIPT = "/usr/bin/Rscript"
WORK_BOUND = 3e9

env = os.environ.get
NESTMAP = env("NESTMAP", "./nestmap")
NM_STAGES = env("NM_STAGES", "build/nm_stages")
SCRATCH = env("BENCH_DIR", os.path.join(env("TMPDIR", "/tmp"), "nestmap-bench"))
PEERS = [p for p in env("BENCH_PEERS", "igraph,networkx,vegan").split(",") if p]
REPEAT = int(env("BENCH_REPEAT", "3"))
TIMEOUT = float(env("BENCH_TIMEOUT", "600"))
NSIM = int(env("BENCH_NSIM", "99"))
MEM = float(env("BENCH_MEM_GIB", "16")) * 2**30
OUT = env("BENCH_REPORT")
COW = env("BENCH_COW", "/work/shared/data/cow-igo-v3/state_year_formatv3.csv")
lines = []


def say(s=""):
    print(s, flush=True)
    lines.append(s)


def run(cmd, timeout):
    """Runs cmd; returns (stage dict name -> (seconds, kib, note), peak kib, error or None)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        error = None if p.returncode == 0 else "exit %d: %s" % (p.returncode, err.strip()[-300:])
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        error = "timed out after %.0f s" % timeout
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # high-water of all children
    stages = {}
    for line in out.splitlines():
        f = line.split(None, 4)
        if len(f) >= 4 and f[0] == "stage":
            stages[f[1]] = (float(f[2]), int(float(f[3])), f[4] if len(f) > 4 else "")
    return stages, peak, error, time.monotonic() - t0, err


def generate(size):
    s, i, d = SIZES[size]
    path = os.path.join(SCRATCH, size)
    stamp = os.path.join(path, ".params")
    want = "%d %d %g 1\n" % (s, i, d)
    if os.path.exists(stamp) and open(stamp).read() == want:
        return path
    subprocess.run(["rm", "-rf", path], check=True)
    os.makedirs(SCRATCH, exist_ok=True)
    t0 = time.monotonic()
    subprocess.run([NESTMAP, "generate", "-o", path, "--states", str(s), "--institutions", str(i),
                    "--mean-memberships", str(d), "--seed", "1"], check=True)
    say("generated %s in %.2f s" % (size, time.monotonic() - t0))
    open(stamp, "w").write(want)
    return path


def plan(tool, size):
    """Stages a tool runs at a size, and notes for the ones it skips."""
    s, i, d = SIZES[size]
    m = round(s * d)
    v, pairs, cells = s + i, s * (s - 1) / 2, s * i
    skip = {}
    if tool in ("igraph", "networkx"):
        skip["nodf"] = skip["null"] = "n/a: no NODF or null model in %s" % tool
        # near-universal institutions make the projection almost complete: C(S,2) edges
        if tool == "igraph" and pairs > 1e8:
            skip["comembership"] = "skipped: the projection has ~%.2g edges (~%.0f GiB)" % (pairs, pairs * 60 / 2**30)
        if tool == "igraph" and v * m > WORK_BOUND:
            skip["centralities"] = ("skipped: exact betweenness/closeness, V*E = %.1e (est. %.0f s), no sampled "
                                    "estimate in igraph" % (v * m, v * m * 1.2e-8))
        if tool == "networkx" and pairs > 1e6:
            skip["comembership"] = ("skipped: pure-Python projection of ~%.2g edges, est. > %.0f s (the "
                                    "issue measured ~1000 s, 5.7 GiB on medium)" % (pairs, TIMEOUT))
        if tool == "networkx" and v * m > 1e8:
            skip["centralities"] = "skipped: pure-Python Brandes, V*E = %.1e, est. > %.0f s" % (v * m, TIMEOUT)
        if tool == "networkx" and m * 2000 > MEM:
            skip["load"] = "skipped: %d edges as Python dicts need ~%.0f GiB" % (m, m * 2000 / 2**30)
    if tool == "vegan":
        skip["comembership"] = skip["centralities"] = "n/a: vegan has no network centralities"
        if cells * 16 > MEM / 4 or s > 20000:
            skip["load"] = skip["nodf"] = skip["null"] = ("skipped: the dense %d x %d matrix (%.1f GiB as "
                                                          "doubles) and O(S^2) pair loops" % (s, i, cells * 8 / 2**30))
    if "load" in skip:
        for st in STAGES:
            skip.setdefault(st, skip["load"])
    return [st for st in STAGES if st not in skip], skip


def command(tool, path, stages, values=None):
    st = ",".join(stages)
    if tool == "nestmap":
        c = [NM_STAGES, path, "--stages", st, "--nsim", str(NSIM)]
    elif tool == "vegan":
        c = [RSCRIPT, os.path.join(HERE, "peer_vegan.R"), path, "--stages", st, "--nsim", str(NSIM)]
    else:
        c = [PY, os.path.join(HERE, "peer_%s.py" % tool), path, "--stages", st]
    if values:
        c += ["--values", values]
    return c


def measure(tool, path, stages, repeat, values=None):
    """Median stage times over repeat runs; {stage: (sec, kib, note)}, errors."""
    runs, errors = [], []
    for k in range(repeat):
        st, peak, err, wall, _ = run(command(tool, path, stages, values if k == 0 else None), TIMEOUT)
        runs.append(st)
        if err:
            errors.append(err)
            break
    res = {}
    for s in stages:
        vals = [r[s] for r in runs if s in r]
        if vals:
            res[s] = (statistics.median(v[0] for v in vals), statistics.median(v[1] for v in vals), vals[0][2])
    return res, errors


def vegan_null_plan(res, stages, skip):
    if "null" in stages and "nodf" in res and NSIM * res["nodf"][0] > TIMEOUT:
        skip["null"] = "skipped: %d simulations x %.0f s per nestednodf = est. %.0f s" % (
            NSIM, res["nodf"][0], NSIM * res["nodf"][0])
        return False
    return True


def compare_values(a, b):
    def read(p):
        rows = {}
        with open(p) as f:
            head = f.readline().strip().split(",")
            for line in f:
                x = line.rstrip("\n").split(",")
                rows[(x[0], x[1])] = dict(zip(head, x))
        return rows
    ra, rb = read(a), read(b)
    worst = {}
    for key, r in ra.items():
        o = rb.get(key)
        if o is None:
            return "vertex %s missing in igraph's values" % (key,)
        for c in ("strength", "co_members", "eigen", "betweenness_raw"):
            if r.get(c) and o.get(c):
                x, y = float(r[c]), float(o[c])
                e = abs(x - y) / max(1.0, abs(y))
                worst[c] = max(worst.get(c, 0), e)
    return ", ".join("%s %.1e" % (c, e) for c, e in sorted(worst.items())) + \
        (" (all <= 1e-9)" if worst and max(worst.values()) <= 1e-9 else " (ABOVE 1e-9)")


def fmt(cell):
    if cell is None:
        return "-"
    return "%.3g s, %.0f MiB" % (cell[0], cell[1] / 1024)


def bench(size):
    s, i, d = SIZES[size]
    path = generate(size)
    say("")
    say("### %s: %d states x %d institutions, %d memberships" % (size, s, i, round(s * d)))
    say("")
    want_values = "igraph" in PEERS and size in ("small", "medium")
    nmv = os.path.join(SCRATCH, "%s.nestmap-values.csv" % size)
    nmstages, nmskip = plan("nestmap", size)
    nm, err = measure("nestmap", path, nmstages, REPEAT, nmv if want_values else None)
    if err:
        say("nestmap failed: %s" % err[0])
        return False
    results, notes = {"nestmap": nm}, {"nestmap": nmskip}
    for tool in PEERS:
        stages, skip = plan(tool, size)
        rep = int(env("BENCH_PEER_REPEAT", "3" if size == "small" else "1"))
        if tool == "vegan" and "null" in stages:
            first = [x for x in stages if x != "null"]
            res, errs = measure(tool, path, first, rep)
            if vegan_null_plan(res, stages, skip):
                r2, e2 = measure(tool, path, ["load", "null"], rep)
                if "null" in r2:
                    res["null"] = r2["null"]
                errs += e2
        elif stages:
            vals = os.path.join(SCRATCH, "%s.igraph-values.csv" % size) if tool == "igraph" and want_values else None
            res, errs = measure(tool, path, stages, rep, vals)
        else:
            res, errs = {}, []
        for st in stages:
            if st not in res and st not in skip:
                skip[st] = "skipped: " + (errs[0] if errs else "no result")
        results[tool], notes[tool] = res, skip
    tools = ["nestmap"] + PEERS
    say("| stage | " + " | ".join(tools) + " |")
    say("|---" * (len(tools) + 1) + "|")
    for st in STAGES:
        row = [st]
        base = nm.get(st)
        for t in tools:
            c = results[t].get(st)
            if c is None:
                row.append(notes.get(t, {}).get(st, "-"))
                continue
            txt = fmt(c)
            if c[2]:
                txt += " (%s)" % c[2]
            if t != "nestmap" and base and base[0] > 0:
                txt += ", **%.0fx**" % (c[0] / base[0]) if c[0] / base[0] >= 10 else ", **%.1fx**" % (c[0] / base[0])
            row.append(txt)
        say("| " + " | ".join(row) + " |")
    say("")
    say("Times are medians (nestmap: %d runs; peers: %s); memory is the process's peak resident size "
        "(VmHWM) at the end of the stage; Nx = the peer's time / nestmap's." %
        (REPEAT, env("BENCH_PEER_REPEAT", "3 on small, 1 above")))
    for t in tools:
        tot = sum(v[0] for v in results[t].values() if v)
        if results[t]:
            say("- %s: stages run take %.3g s in all" % (t, tot))
    if want_values and os.path.exists(nmv) and os.path.exists(os.path.join(SCRATCH, "%s.igraph-values.csv" % size)):
        say("- values vs python-igraph, max relative difference: " +
            compare_values(nmv, os.path.join(SCRATCH, "%s.igraph-values.csv" % size)))
    if size == "small":
        r, e = measure("nestmap", path, ["null999"], REPEAT)
        if "null999" in r:
            say("- nestmap null model with 999 simulations: %s" % fmt(r["null999"]))
    whole(size, path, results)
    return True


def whole(size, path, results):
    """The whole default report through the CLI, when the report command exists:
    CSV output and the default text output (each under a shorter timeout),
    written into a file with -o, as a user would keep it (the sections are
    then written while the later ones are computed), removed afterwards."""
    if subprocess.run([NESTMAP, "help", "report"], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode != 0:
        say("- whole `nestmap report`: not measured (no report command in this build)")
        return
    ig = results.get("igraph")
    igt = sum(ig[s][0] for s in ("load", "comembership", "centralities")) \
        if ig and all(s in ig for s in ("load", "comembership", "centralities")) else None
    limit = min(TIMEOUT, float(env("BENCH_REPORT_TIMEOUT", "120")))
    for fmt_ in ("csv", "text"):
        times, peaks = [], []
        for _ in range(REPEAT):
            out = os.path.join(SCRATCH, "report-%s.%s" % (size, fmt_))
            _, peak, err, wall, _ = run_rusage([NESTMAP, "report", path, "--format", fmt_, "-o", out],
                                              limit)
            if os.path.exists(out):
                os.remove(out)
            if err:
                say("- whole `nestmap report --format %s`: %s" % (fmt_, err))
                break
            times.append(wall)
            peaks.append(peak)
        if not times:
            continue
        t = statistics.median(times)
        msg = "- whole `nestmap report --format %s -o FILE` (every section, 99 simulations): %.3g s, %.0f MiB" % (
            fmt_, t, statistics.median(peaks) / 1024)
        if igt:
            msg += "; python-igraph's pipeline (load, co-membership, centralities) %.3g s: ratio %.2f" % (igt, t / igt)
        say(msg)


def run_rusage(cmd, timeout):
    """Runs cmd with output discarded; (None, peak kib of this child, error, wall, None)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = t0 + timeout
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(p.pid, signal.SIGKILL)
            os.wait4(p.pid, 0)
            return None, 0, "timed out after %.0f s" % timeout, timeout, None
        time.sleep(0.01)
    wall = time.monotonic() - t0
    code = os.waitstatus_to_exitcode(status)
    err = None if code == 0 else "exit %d: %s" % (code, p.stderr.read().decode(errors="replace").strip()[-200:])
    p.stderr.close()
    return None, ru.ru_maxrss, err, wall, None


def longrun_knob(name):
    """The default of a knob of scripts/cow-longrun.sh (NAME=${NM_X:-default}), or None."""
    import re
    try:
        text = open(os.path.join(HERE, "..", "cow-longrun.sh")).read()
    except OSError:
        return None
    m = re.search(r"^%s=\$\{NM_%s:-([^}]*)\}" % (name, name), text, re.M)
    return m.group(1) if m else None


def cow_timeline():
    """`nestmap timeline` over all COW years for cow-longrun.sh's IGOs and regions:
    median wall time and peak memory of REPEAT runs, or a line saying why not."""
    what = "COW timeline (`nestmap timeline --input-format cow`, 1816-2014"
    igos, regions = longrun_knob("IGOS"), longrun_knob("REGIONS")
    if not COW:
        say("- %s): skipped, BENCH_COW is empty" % what)
        return True
    if not os.path.isfile(COW):
        say("- %s): skipped, no COW state-year file at %s (set BENCH_COW)" % (what, COW))
        return True
    if not igos or not regions:
        say("- %s): skipped, no IGO or region list found in scripts/cow-longrun.sh" % what)
        return True
    cmd = [NESTMAP, "timeline", "--input-format", "cow", "--igo", igos, "--from", "1816", "--to", "2014",
           "--format", "csv"]
    for r in regions.split(","):
        cmd += ["--region", r]
    cmd.append(COW)
    times, peaks = [], []
    for _ in range(REPEAT):
        _, peak, err, wall, _ = run_rusage(cmd, TIMEOUT)
        if err:
            say("- %s): failed: %s" % (what, err))
            return False
        times.append(wall)
        peaks.append(peak)
    say("- %s, %d IGOs of cow-longrun.sh, %d region selections): %.3g s, %.0f MiB (median of %d)" % (
        what, len(igos.split(",")), len(regions.split(",")), statistics.median(times),
        statistics.median(peaks) / 1024, REPEAT))
    return True


def main():
    sizes = sys.argv[1:] or ["small"]
    for s in sizes:
        if s not in SIZES:
            sys.exit("bench: unknown size '%s' (small, medium, large, xlarge)" % s)
    say("## nestmap benchmark, %s, peers: %s" % (time.strftime("%Y-%m-%d"), ", ".join(PEERS) or "none"))
    ok = all([bench(s) for s in sizes])
    say("")
    ok = cow_timeline() and ok
    if OUT:
        with open(OUT, "a") as f:
            f.write("\n".join(lines) + "\n")
    sys.exit(0 if ok else 1)


main()
