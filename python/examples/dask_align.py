#!/usr/bin/env python3
"""Build a translation memory from document pairs on a Dask cluster.

Each document ({"id":…,"hi":…,"en":…} per line) is independent work: the
workers align their partitions of a bag and write JSON-lines shards; then
one process, the single writer a memory allows, imports the shards in
order.  The memory is the one a single process would build: pairs keep
document order, and every unit carries its document's id as origin and the
job's start time as its creation time, so nothing depends on which worker
ran what, or when.

    python3 dask_align.py DOCS.jsonl TM_DIR [--workers 2] [--mapper package|cli]

--mapper package aligns in the worker through the setu package; cli pipes
each partition through `setu align --jsonl` (an absolute path, a UTF-8
locale and --on-error record, so a bad document fails the job instead of
vanishing).  Pass --scheduler ADDRESS to use a running cluster instead of a
LocalCluster.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time
from typing import Iterable, List, Optional

import setu


def _unit_line(doc_id: object, hi: str, en: str, confidence: float, created: int) -> str:
    return json.dumps({"hi": hi, "en": en, "confidence": confidence,
                       "origin": str(doc_id), "created": created},
                      ensure_ascii=False, separators=(",", ":"))


def align_docs(lines: Iterable[str], created: int) -> List[str]:
    """The package as mapper: JSON-lines documents in, memory units out.
    A malformed document raises, failing the task (and the job) loudly."""
    out = []
    for line in lines:
        if not line.strip():
            continue
        doc = json.loads(line)
        for p in setu.align(doc["hi"], doc["en"]):
            out.append(_unit_line(doc.get("id"), p.hi, p.en, p.confidence, created))
    return out


def align_docs_cli(lines: Iterable[str], created: int, setu_path: str) -> List[str]:
    """`setu align --jsonl` as mapper.  The pitfalls of every engine's pipe:
    an absolute path (the environment may be empty), a UTF-8 locale (else
    the JVM or the shell may mangle Devanagari), and the exit code and error
    records checked (an engine that ignores them loses documents)."""
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    data = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    r = subprocess.run([setu_path, "align", "--jsonl", "--on-error", "record"],
                       input=data.encode("utf-8"), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, check=False)
    if r.returncode != 0:
        raise RuntimeError("setu align --jsonl: exit %d: %s" %
                           (r.returncode, r.stderr.decode("utf-8", "replace").strip()))
    out = []
    for line in r.stdout.decode("utf-8").splitlines():
        rec = json.loads(line)
        if "error" in rec:
            raise RuntimeError("document %s: %s" % (rec.get("id"), rec["error"]["message"]))
        out.append(_unit_line(rec.get("id"), rec["hi"], rec["en"], rec["confidence"], created))
    return out


def shard(client: object, docs_path: str, shard_dir: str, *, created: int,
          mapper: str = "package", setu_path: Optional[str] = None,
          npartitions: int = 4) -> List[str]:
    """Aligns docs_path on the cluster into shard_dir/NNNNN.jsonl, one shard
    per partition; returns the shard paths in document order."""
    import dask.bag as db

    with open(docs_path, encoding="utf-8") as f:
        docs = [line for line in f if line.strip()]
    bag = db.from_sequence(docs, npartitions=min(npartitions, max(len(docs), 1)))
    if mapper == "package":
        units = bag.map_partitions(align_docs, created)
    elif mapper == "cli":
        if not setu_path or not os.path.isabs(setu_path):
            raise ValueError("--mapper cli needs the absolute path of setu")
        units = bag.map_partitions(align_docs_cli, created, setu_path)
    else:
        raise ValueError("mapper must be package or cli")
    os.makedirs(shard_dir, exist_ok=True)
    # Shards of an earlier run would be imported with these: refuse rather
    # than mix them in or delete them.
    old = glob.glob(os.path.join(shard_dir, "*.jsonl"))
    if old:
        raise FileExistsError("%s: holds shards already (%s); remove them or choose another "
                              "folder" % (shard_dir, os.path.basename(sorted(old)[0])))
    # Zero-padded names: the shards sort in partition (= document) order.
    units.to_textfiles(os.path.join(shard_dir, "*.jsonl"), name_function="{:05d}".format,
                       encoding="utf-8", compute=True)
    return [os.path.join(shard_dir, "%05d.jsonl" % i) for i in range(units.npartitions)]


def import_shards(shards: List[str], tm_path: str) -> int:
    """The single writer: imports the shards in order; returns units added."""
    added = 0
    with setu.Memory(tm_path) as tm:
        for path in shards:
            added += tm.import_file(path, "jsonl").added
    return added


def one_process(docs_path: str, units_path: str, created: int) -> None:
    """The same alignment without a cluster: the reference."""
    with open(docs_path, encoding="utf-8") as f, \
            open(units_path, "w", encoding="utf-8") as out:
        for line in align_docs(f, created):
            out.write(line + "\n")


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("docs")
    ap.add_argument("tm")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--mapper", choices=("package", "cli"), default="package")
    ap.add_argument("--setu", default=shutil.which("setu"),
                    help="the setu program, for --mapper cli (default: setu on PATH)")
    ap.add_argument("--shards", help="folder for the shards (default: TM.shards)")
    ap.add_argument("--scheduler", help="a running scheduler's address")
    args = ap.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    created = int(time.time())
    shard_dir = args.shards or args.tm.rstrip("/") + ".shards"
    setu_path = os.path.abspath(args.setu) if args.setu else None
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        shards = shard(client, args.docs, shard_dir, created=created, mapper=args.mapper,
                       setu_path=setu_path, npartitions=2 * args.workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    added = import_shards(shards, args.tm)
    print("%d shards, %d units added to %s" % (len(shards), added, args.tm))
    return 0


if __name__ == "__main__":
    sys.exit(main())
