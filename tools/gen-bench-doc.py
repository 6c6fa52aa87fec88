#!/usr/bin/env python3
"""gen-bench-doc.py MB OUT - write a large, realistic status update.

The document looks like the Xen development updates: a subject, a
timeline with the "WE ARE HERE" marker, a declared scale with meanings,
then areas (== Area ==) of tracked items with notes, owners, references
and tags, some keyed-dialect items (owner:/status:/prognosis:), wrapped
notes, UTF-8 names and prose between items.  Deterministic (fixed seed),
cut at an item boundary once OUT reaches MB megabytes (10^6 bytes).
"""
import random
import sys

STATES = ["none", "fair", "ok", "good", "done"]
NAMES = ["Jan Beulich", "Andrew Cooper", "Roger Pau Monné", "Julien Grall",
         "Stefano Stabellini", "Wei Liu", "Jürgen Groß", "George Dunlap",
         "Konrad Rzeszutek Wilk", "Paul Durrant", "Anthony PERARD"]
WORDS = ("patch series posted review pending needs rebase acked hypervisor "
         "toolstack migration grant table scheduler credit2 vcpu memory "
         "paging ioreq emulation device model passthrough iommu livepatch "
         "security hardening performance regression tests documentation").split()


def sentence(rnd, lo, hi):
    return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(lo, hi)))


def head(rnd):
    return [
        "[Xen-devel] Xen 4.99 development update",
        "",
        "This email tracks the big items for the 4.99 release.  Please reply with",
        "the state of the items you own so that people know what is going on.",
        "",
        "= Timeline =",
        "",
        "* Last posting date: 12th June 2026",
        "* Hard code freeze: 3rd July 2026  <== WE ARE HERE",
        "* Release: 14th August 2026",
        "",
        "= Prognosis =",
        "",
        "The states are: none -> fair -> ok -> good -> done",
        "",
        "none - nothing yet",
        "fair - still working on it, patches are prototypes or RFC",
        "ok   - patches posted, acting on review",
        "good - some last minute pieces",
        "done - all done, might have bugs",
        "",
        "= Open =",
        "",
    ]


def tracked(rnd, n):
    tag = rnd.choice(["", "", "", " (v7)", " (RFC v2)", " (external)"])
    lines = ["*  Feature %d: %s%s (%s)" % (n, sentence(rnd, 3, 8), tag, rnd.choice(STATES))]
    for _ in range(rnd.randint(0, 2)):
        lines.append("   " + sentence(rnd, 5, 12))
    if rnd.random() < 0.5:
        lines.append("  -  XEN-%d" % n)
    for _ in range(rnd.randint(1, 2)):
        lines.append("  -  " + rnd.choice(NAMES))
    return lines


def keyed(rnd, n):
    return ["* Item %d %s" % (n, sentence(rnd, 2, 6)),
            "  owner: " + rnd.choice(NAMES),
            "  status: " + sentence(rnd, 3, 8),
            "  prognosis: " + rnd.choice(["Good", "Fair", "Excellent", "Poor"])]


def main():
    mb, out = float(sys.argv[1]), sys.argv[2]
    limit = int(mb * 1000 * 1000)
    rnd = random.Random(4099)
    lines = head(rnd)
    size = sum(len(x.encode()) + 1 for x in lines)
    n = area = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
        while size < limit:
            chunk = ["== Area %d ==" % area, ""]
            if rnd.random() < 0.3:
                chunk += [sentence(rnd, 8, 14), ""]
            for _ in range(rnd.randint(20, 60)):
                item = keyed(rnd, n) if area % 7 == 6 else tracked(rnd, n)
                chunk += item + [""]
                if rnd.random() < 0.05:
                    chunk += [sentence(rnd, 10, 20), ""]
                n += 1
            area += 1
            text = "\n".join(chunk) + "\n"
            size += len(text.encode())
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
