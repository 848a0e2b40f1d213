#!/usr/bin/env python3
"""scale_bench.py — documents per second of `setu align --jsonl` work spread
three ways over the same input, in one run: one process (the baseline:
`setu align --jsonl`), GNU `parallel -j2` over the program, and 2 Dask
worker processes (a LocalCluster; through the Python package and through
the program as mapper).  Every run's pairs are checked against the
baseline's (same pairs, same order).

    tests/bench/scale_bench.py BUILD_DIR [DOCS [JOIN]]

The input is built from the project's own fixture (python/tests/data/
docs.jsonl, 21 Hindi–English news documents of about 5 sentences): DOCS
documents (default 1000), each JOIN fixture documents (default 8) joined
into one article of about 40 sentences, a window sliding by one.  BUILD_DIR holds setu and libsetu.so.0 from a Release build
(sanitizers would measure themselves).  parallel and Dask are skipped with a
notice when Debian's parallel or python3-distributed is missing.  Cluster
start-up is reported apart: a job pays it once, not per document.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any, List, Tuple

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
Pair = Tuple[str, str, str, float]


def pairs_of_program(path: str) -> List[Pair]:
    with open(path, encoding="utf-8") as f:
        return [(r["id"], r["hi"], r["en"], r["confidence"]) for r in map(json.loads, f)]


def pairs_of_units(lines: List[str]) -> List[Pair]:
    return [(u["origin"], u["hi"], u["en"], u["confidence"]) for u in map(json.loads, lines)]


def cpu(who: int = resource.RUSAGE_CHILDREN) -> float:
    """CPU seconds (user + system) used so far by this process or its
    reaped children: on a shared machine, wall time alone measures the
    neighbours too."""
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def cpu_all() -> float:
    return cpu(resource.RUSAGE_SELF) + cpu(resource.RUSAGE_CHILDREN)


def line(label: str, n: int, secs: float, base: float, cpus: float, note: str = "") -> None:
    print("%-32s %8.1f docs/s  %6.2f s  x%.2f  cpu %6.2f s%s" % (
        label, n / secs, secs, base / secs, cpus, "  " + note if note else ""), flush=True)


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    build = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    join = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    setu_prog, lib = os.path.join(build, "setu"), os.path.join(build, "libsetu.so.0")
    if not (os.access(setu_prog, os.X_OK) and os.path.exists(lib)):
        print("build setu and libsetu.so.0 in %s first" % build, file=sys.stderr)
        return 2
    with open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8") as f:
        if "SETU_SANITIZE:BOOL=ON" in f.read():
            print("%s is a sanitizer build: use a Release build" % build, file=sys.stderr)
            return 2
    os.environ.update(SETU_LIBRARY=lib, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    sys.path[:0] = [os.path.join(SRC, "python"), os.path.join(SRC, "python", "examples")]
    os.environ["PYTHONPATH"] = os.pathsep.join(sys.path[:2])
    import dask_align

    tmp = tempfile.mkdtemp(prefix="setu-scale-")
    try:
        docs = os.path.join(tmp, "docs.jsonl")
        with open(os.path.join(SRC, "python", "tests", "data", "docs.jsonl"),
                  encoding="utf-8") as f:
            fixture = [json.loads(x) for x in f]
        for d in fixture:  # text on both sides, so documents can be joined
            for side in ("hi", "en"):
                if isinstance(d[side], list):
                    d[side] = " ".join(d[side])
        with open(docs, "w", encoding="utf-8") as out:
            for k in range(n):
                part = [fixture[(k + j) % len(fixture)] for j in range(join)]
                out.write(json.dumps({"id": "doc-%d" % k,
                                      "hi": " ".join(d["hi"] for d in part),
                                      "en": " ".join(d["en"] for d in part)},
                                     ensure_ascii=False) + "\n")
        print("input: %d documents of %d fixture documents each (about %d sentences), %d bytes;"
              " %d cores; load %.1f" % (n, join, 5 * join, os.path.getsize(docs),
                                        os.cpu_count() or 0, os.getloadavg()[0]))

        one = os.path.join(tmp, "one.jsonl")
        t, c = time.time(), cpu()
        with open(docs, "rb") as i, open(one, "wb") as o:
            subprocess.run([setu_prog, "align", "--jsonl"], stdin=i, stdout=o, check=True)
        base = time.time() - t
        want = pairs_of_program(one)
        line("1 process (setu align --jsonl)", n, base, base, cpu() - c,
             "baseline, %d pairs" % len(want))

        t, c = time.time(), cpu(resource.RUSAGE_SELF)
        with open(docs, encoding="utf-8") as f:
            units = dask_align.align_docs(f, 0)
        secs = time.time() - t
        assert pairs_of_units(units) == want, "the package's pairs differ"
        line("1 process (package)", n, secs, base, cpu(resource.RUSAGE_SELF) - c, "same pairs")

        if shutil.which("parallel"):
            par = os.path.join(tmp, "par.jsonl")
            # --pipepart reads the file itself (--pipe pushes every byte
            # through perl); --block -1: one block per job slot, so each
            # slot starts setu (and loads the dictionary) once.
            t, c = time.time(), cpu()
            with open(par, "wb") as o:
                subprocess.run(["parallel", "--will-cite", "--pipepart", "-a", docs, "--block",
                                "-1", "-k", "-j2", "--halt", "now,fail=1", setu_prog, "align",
                                "--jsonl", "--on-error", "stop"], stdout=o, check=True)
            secs = time.time() - t
            assert pairs_of_program(par) == want, "parallel's pairs differ"
            line("parallel -j2 --pipepart", n, secs, base, cpu() - c,
                 "same pairs (cpu: parallel itself included)")
        else:
            print("parallel -j2: skipped (apt-get install parallel)")

        try:
            from distributed import Client, LocalCluster
        except ImportError:
            print("2 Dask workers: skipped (apt-get install python3-distributed)")
            return 0
        import logging
        logging.getLogger("distributed").setLevel(logging.ERROR)
        t = time.time()
        cluster: Any = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                    dashboard_address=None)
        client: Any = Client(cluster)
        import setu
        client.run(lambda: setu.align("क।", "k."))  # library and dictionary loaded
        print("%-32s %8s         %6.2f s  (once per job)" % ("2 Dask workers: start-up", "",
                                                             time.time() - t), flush=True)
        try:
            for mapper in ("package", "cli"):
                before = sum(client.run(cpu_all).values()) + cpu_all()
                t = time.time()
                shards = dask_align.shard(client, docs, os.path.join(tmp, mapper), created=0,
                                          mapper=mapper, setu_path=setu_prog, npartitions=8)
                secs = time.time() - t
                used = sum(client.run(cpu_all).values()) + cpu_all() - before
                got: List[Pair] = []
                for p in shards:
                    with open(p, encoding="utf-8") as f:
                        got += pairs_of_units(f.read().splitlines())
                assert got == want, "Dask (%s) pairs differ" % mapper
                line("2 Dask workers (%s)" % mapper, n, secs, base, used,
                     "same pairs (cpu: workers, scheduler and client)")
        finally:
            client.close()
            cluster.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
