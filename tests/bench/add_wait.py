#!/usr/bin/python3
"""add_wait.py — how long an editor's `setu serve` add waits while an import
writes into the same memory (issue 11: an add waited 13-17 s behind an
import, mining the import's units before it answered).

    tests/bench/add_wait.py SETU MEMORY FILE [IMPORT OPTIONS...]

MEMORY is copied first (it is not changed), FILE imported into the copy
with `setu tm import FILE [IMPORT OPTIONS]` while a serve adds one pair
every 20 ms.  The baseline, in the same run: the same adds for 2 s before
the import starts.  Prints p50/p90/p99/max of the add round trip for both,
and checks that every add was stored.  Debian's python3 only.
"""
import json
import shutil
import subprocess
import sys
import tempfile
import time


def pct(lat, q):
    s = sorted(lat)
    return s[min(len(s) - 1, int(len(s) * q))]


def line(name, lat):
    return "%-24s %5d adds  p50 %8.1f  p90 %8.1f  p99 %8.1f  max %8.1f ms" % (
        name, len(lat), pct(lat, .5), pct(lat, .9), pct(lat, .99), max(lat))


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    setu, memory, tsv, opts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    work = tempfile.mkdtemp(prefix="setu-add-wait.")
    tm = work + "/tm"
    shutil.copytree(memory, tm)
    srv = subprocess.Popen([setu, "serve", "--tm", tm], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    n = 0

    def add():
        nonlocal n
        n += 1
        req = {"id": n, "op": "add", "hi": "परीक्षण वाक्य %d" % n, "en": "Test sentence %d." % n}
        t0 = time.perf_counter()
        srv.stdin.write(json.dumps(req, ensure_ascii=False) + "\n")
        srv.stdin.flush()
        reply = json.loads(srv.stdout.readline())
        ms = (time.perf_counter() - t0) * 1000
        if reply.get("added") is not True:
            sys.exit("add %d: %s" % (n, reply))
        return ms

    add()  # opens the memory for writing: not a wait for the lock
    idle = []
    end = time.monotonic() + 2
    while time.monotonic() < end:
        idle.append(add())
        time.sleep(0.02)
    t0 = time.monotonic()
    imp = subprocess.Popen([setu, "tm", "import", tsv, "--tm", tm] + opts,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    busy = []
    while imp.poll() is None:
        busy.append(add())
        time.sleep(0.02)
    took = time.monotonic() - t0
    out, err = imp.communicate()
    srv.stdin.close()
    srv.wait()
    if imp.returncode != 0:
        sys.exit("import failed: " + err.strip())
    print("import of %s %s: %.1f s: %s" % (tsv, " ".join(opts), took, out.strip()))
    print(line("baseline (no import)", idle))
    print(line("during the import", busy))
    stats = subprocess.run([setu, "tm", "stats", "--tm", tm], capture_output=True, text=True)
    print(stats.stdout.splitlines()[2] if stats.returncode == 0 else stats.stderr.strip())
    shutil.rmtree(work)


main()
