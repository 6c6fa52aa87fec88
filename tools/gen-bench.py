#!/usr/bin/env python3
"""gen-bench.py - write realistic large status updates for the benchmark.

  gen-bench.py doc SIZE_MB OUT      one update of about SIZE_MB megabytes
  gen-bench.py mbox COUNT OUT       an mbox of COUNT messages (updates and
                                    replies quoting them), the way a list
                                    archive serves them

The documents look like the Xen development updates of 2014-2019: subject,
preamble, = Timeline =, = Prognosis = with the state scale, = Open = with
== Area == sections, items "*  Title (state)" with note lines and
"  -  Owner" lines, some "(v7)" / "(RFC v1)" tags, a jira ref now and then,
UTF-8 owner names, format=flowed soft breaks.  Output is deterministic
(fixed seed), so runs compare.
"""
import random
import sys

STATES = ["none", "fair", "ok", "good", "done"]
AREAS = ["ARM", "x86", "QEMU", "Toolstack", "Linux", "FreeBSD", "Hypervisor",
         "Testing", "Documentation", "RISC-V", "PPC", "Security", "Xenstore",
         "libxl", "Migration", "Scheduler"]
WORDS = ("support for the migration of guests IOMMU grant table mapping "
         "interrupt latency reduction device assignment pass-through live "
         "save restore hypercall per-cpu tasklets vHPET rewrite nested "
         "virtualization core scheduling credit2 domain creation page "
         "tables domheap paging event channel FIFO ABI PVH dom0 boot UEFI "
         "multiboot2 GICv3 ITS SMMU vPMU ring buffer xenstore stubdomain "
         "9pfs cache coloring static memory allocation").split()
FIRST = ["Julien", "Andrew", "Stefano", "Roger", "Jan", "Paul", "Wei",
         "Juergen", "Dario", "Ian", "George", "Konrad", "Anthony", "Oleksii",
         "Marek", "Elena", "Boris", "Daniel", "Tamas", "Bertrand"]
LAST = ["Grall", "Cooper", "Stabellini", "Pau Monné", "Beulich", "Durrant",
        "Liu", "Gross", "Faggioli", "Jackson", "Dunlap", "Rzeszutek Wilk",
        "Perard", "Kurochko", "Marczykowski-Górecki", "Ufimtseva",
        "Ostrovsky", "Kiper", "Lengyel", "Marquis"]
NOTES = ["Xen parts done. Linux at risk",
         "Needs to be split up and redone",
         "Issues with FSBASE MSRs",
         "Based on the multiboot2-EFI work",
         "Waiting for review from the maintainers",
         "Patches posted, acting on review comments",
         "Blocked on the toolstack side, see the thread for details",
         "Chase down XSM maintainer"]
PREAMBLE = """\
Below is a summary of the projects / features being worked on for the {v}
time frame.  The tentative feature freeze is scheduled for September 10th,
which is months away.  With that in mind, I think it's time to take
stock of the development, so we know whether to ask for more help or divert

The "prognosis" is now the likelihood of completion in the {v} timeframe.

none - nothing yet
fair - still working on it, patches are prototypes or RFC
ok   - patches posted, acting on review
good - some last minute pieces
done - all done, might have bugs

= Timeline =

We are planning on a 9-month release cycle.  Based on that, below are
our estimated dates:

* Feature Freeze: 10th September 2014
* First RC: 10th October
* Release: 10th December 2014

= Prognosis =

The states are: none -> fair -> ok -> good -> done

= Open =

"""


def title(r):
    n = r.randint(3, 9)
    t = " ".join(r.choice(WORDS) for _ in range(n))
    return t[0].upper() + t[1:]


def owner(r):
    return "%s %s" % (r.choice(FIRST), r.choice(LAST))


def item(r, out):
    """One tracked item: head, 0-2 notes, 0-1 ref, 1-2 owners, blank."""
    t = title(r)
    k = r.random()
    if k < 0.1:
        head = "*  %s (v%d)" % (t, r.randint(1, 12))
    elif k < 0.15:
        head = "*  %s (RFC v%d)" % (t, r.randint(1, 3))
    else:
        head = "*  %s (%s)" % (t, r.choice(STATES))
    out.append(head + "\n")
    for _ in range(r.choice((0, 0, 1, 1, 2))):
        note = r.choice(NOTES)
        if r.random() < 0.05:  # a format=flowed soft break
            out.append("   %s \n   %s\n" % (note, r.choice(NOTES).lower()))
        else:
            out.append("   %s\n" % note)
    if r.random() < 0.1:
        out.append("  -  XEN-%d\n" % r.randint(1, 200))
    for _ in range(r.choice((1, 1, 1, 2))):
        out.append("  -  %s\n" % owner(r))
    out.append("\n")


def doc(r, target, version="4.5"):
    out = ["[Xen-devel] Xen %s development update\n\n" % version,
           PREAMBLE.format(v=version)]
    size = sum(len(s.encode()) for s in out)
    area = 0
    while size < target:
        name = AREAS[area % len(AREAS)]
        if area >= len(AREAS):
            name += " %d" % (area // len(AREAS))
        chunk = ["== %s ==\n\n" % name]
        for _ in range(r.randint(5, 40)):
            item(r, chunk)
        s = "".join(chunk)
        out.append(s)
        size += len(s.encode())
        area += 1
    out.append("== Completed ==\n\n")
    for _ in range(5):
        item(r, out)
    return "".join(out)


def mbox(r, count, fp):
    """Updates every 10th message, replies quoting them in between."""
    last = None
    for i in range(count):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        mid = "<bench-%d@example.org>" % i
        if last is None or i % 10 == 0:
            body = doc(r, r.randint(8, 40) * 1024, "4.%d" % (5 + i % 15))
            subject = body.split("\n", 1)[0]
            body = body.split("\n", 2)[2]
            refs = ""
            last = (mid, subject, body)
        else:
            lines = last[2].split("\n")
            start = r.randint(0, max(0, len(lines) - 40))
            quoted = "\n".join(("> " + l if l else ">") for l in lines[start:start + 40])
            body = ("On Mon, %d Jan 2019, %s wrote:\n%s\n\nThis is on track, "
                    "patches will be posted next week.\n\n%s\n" %
                    (day, owner(r), quoted, owner(r).split()[0]))
            subject = "Re: " + last[1]
            refs = "In-Reply-To: %s\nReferences: %s\n" % (last[0], last[0])
        # mboxrd: quote body lines that look like a separator.
        body = "\n".join((">" + l if l.lstrip(">").startswith("From ") else l)
                         for l in body.split("\n"))
        fp.write("From bench@example.org Mon Jan %2d 12:00:00 2019\n" % day)
        fp.write("From: %s <dev%d@example.org>\n" % (owner(r), i % 50))
        fp.write("To: xen-devel@lists.xenproject.org\n")
        fp.write("Date: Mon, %d %s 2019 12:00:00 +0000\n" %
                 (day, ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                        "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]))
        fp.write("Subject: %s\nMessage-Id: %s\n%s" % (subject, mid, refs))
        fp.write("MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n")
        fp.write("Content-Transfer-Encoding: 8bit\n\n")
        fp.write(body if body.endswith("\n") else body + "\n")
        fp.write("\n")


def main(argv):
    if len(argv) != 4 or argv[1] not in ("doc", "mbox"):
        sys.stderr.write(__doc__)
        return 2
    r = random.Random(20140910)
    tmp = argv[3] + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fp:
        if argv[1] == "doc":
            fp.write(doc(r, int(float(argv[2]) * 1024 * 1024)))
        else:
            mbox(r, int(argv[2]), fp)
    import os
    os.replace(tmp, argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
