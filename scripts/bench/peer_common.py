"""peer_common.py - what the Python peers of the benchmark share: the stage
line they print ("stage NAME SECONDS PEAK_KIB [NOTE]") and their options."""
import sys, time


def hwm():
    """The process's peak resident size so far (VmHWM, KiB), or -1."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def report(name, t0, note=""):
    print("stage %s %.6f %d%s" % (name, time.monotonic() - t0, hwm(), " " + note if note else ""), flush=True)


def options(argv=None):
    """DIR [--stages LIST] [--values FILE] -> (dir, stages list, values or None)."""
    args = sys.argv[1:] if argv is None else argv
    stages = "load,comembership,centralities"
    values = None
    if "--stages" in args:
        stages = args[args.index("--stages") + 1]
    if "--values" in args:
        values = args[args.index("--values") + 1]
    return args[0], stages.split(","), values
