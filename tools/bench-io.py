#!/usr/bin/env python3
"""bench-io.py - throughput and peak memory of prognosis convert (make bench-io).

For each size (MB) it generates DIR/doc-SIZE.txt (tools/gen-bench-doc.py),
its JSON and YAML forms, then times, as the median of RUNS runs:
  prognosis check, convert --to json, --to yaml, --from json --to text,
  --from yaml --to text, and libyaml alone on the same YAML (yaml-events
  parse / copy: the yardsticks for the YAML directions).
Prints MB/s (of the command's input), peak RSS (from wait4, so per run)
and its ratio to the input size; with two sizes, the time ratio of the
larger to the smaller against the ratio of their sizes (linear cost: the
time ratio stays near the size ratio).  Timed runs write to /dev/null:
hundreds of MB written to a file measure the disk's write-back, not
prognosis.  Each conversion's output is checked once (text -> JSON ->
text and text -> YAML -> text give the input back).

A sanity check that prints numbers, not a test that fails on a slow
machine: the exit status is non-zero only when a command fails or a round
trip does not give the input back.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


GNU_TIME = "/usr/bin/time"
RSS_DIR = "."


def run(argv, out_path):
    """(seconds, peak RSS in bytes) of one run; raises on failure.

    Peak RSS comes from GNU time when there is one: a process forked from
    this Python starts with Python's pages in its high-water mark, which
    wait4 would report for small inputs."""
    rss_file = os.path.join(RSS_DIR, "last.rss")
    use_time = os.access(GNU_TIME, os.X_OK)
    cmd = [GNU_TIME, "-f", "%M", "-o", rss_file] + argv if use_time else argv
    with open(out_path or os.devnull, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        p.stderr.close()
        rc = os.waitstatus_to_exitcode(status)
    # check exits 1 when it has findings; that is not a failure here
    if rc not in (0, 1) or (rc == 1 and argv[1] != "check"):
        raise SystemExit("bench-io: %s failed (%d): %s" % (" ".join(argv), rc,
                                                       err.decode(errors="replace")[:300]))
    rss = ru.ru_maxrss
    if use_time:
        with open(rss_file) as f:
            rss = int(f.read().split()[-1])
        os.unlink(rss_file)
    return dt, rss * 1024


def measure(argv, out_path, runs):
    res = [run(argv, out_path) for _ in range(runs)]
    return statistics.median(r[0] for r in res), max(r[1] for r in res)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--yaml-events", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--sizes", default="10 100")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    global RSS_DIR
    RSS_DIR = a.dir
    sizes = [float(s) for s in a.sizes.split()]
    P, Y = a.bin, a.yaml_events
    print("bench-io: %s, %d run(s) each (median time, max peak RSS), %d CPUs"
          % (P, a.runs, os.cpu_count() or 0))
    print("%-6s %-22s %9s %8s %9s %10s %7s" % ("size", "command", "input MB", "time s",
                                              "MB/s", "peak MB", "xinput"))
    table = {}
    failed = False
    for mb in sizes:
        tag = ("%g" % mb).replace(".", "_")
        d = lambda name: os.path.join(a.dir, name % tag)
        txt, js, ym = d("doc-%s.txt"), d("doc-%s.json"), d("doc-%s.yaml")
        if not os.path.exists(txt):
            subprocess.check_call([sys.executable, os.path.join(HERE, "gen-bench-doc.py"),
                                   "%g" % mb, txt])
        run([P, "convert", "--to", "json", txt], js)
        run([P, "convert", "--to", "yaml", txt], ym)
        for src in (js, ym):
            back = d("back-%s.txt")
            run([P, "convert", "--to", "text", src], back)
            with open(back, "rb") as f1, open(txt, "rb") as f2:
                if f1.read() != f2.read():
                    print("bench-io: %s -> text does not give %s back" % (src, txt))
                    failed = True
            os.unlink(back)
        cases = [
            ("check", [P, "check", txt], txt),
            ("convert --to json", [P, "convert", "--to", "json", txt], txt),
            ("convert --to yaml", [P, "convert", "--to", "yaml", txt], txt),
            ("json -> text", [P, "convert", "--from", "json", "--to", "text", js], js),
            ("yaml -> text", [P, "convert", "--from", "yaml", "--to", "text", ym], ym),
            ("libyaml parse", [Y, "parse", ym], ym),
            ("libyaml parse+emit", [Y, "copy", ym], ym),
        ]
        for name, argv, inp in cases:
            size = os.path.getsize(inp)
            t, rss = measure(argv, None, a.runs)
            table[(mb, name)] = t
            print("%-6s %-22s %9.1f %8.2f %9.1f %10.1f %7.1f" % (
                "%gMB" % mb, name, size / 1e6, t, size / 1e6 / t, rss / 1e6, rss / size))
        yp, yc = table[(mb, "libyaml parse")], table[(mb, "libyaml parse+emit")]
        print("%-6s yaml -> text / libyaml parse: %.2fx; --to yaml / libyaml parse+emit: %.2fx"
              % ("%gMB" % mb, table[(mb, "yaml -> text")] / yp,
                 table[(mb, "convert --to yaml")] / yc))
        sys.stdout.flush()
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        print("linearity (%gMB vs %gMB, size ratio %.1f): time ratio per command"
              % (hi, lo, hi / lo))
        for name in ["check", "convert --to json", "convert --to yaml", "json -> text",
                     "yaml -> text"]:
            print("  %-22s %.1f" % (name, table[(hi, name)] / table[(lo, name)]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
