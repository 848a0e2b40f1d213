"""Dask distributed: a LocalCluster with 2 worker processes aligns the
fixture documents into JSON-lines shards (through the package, and through
`setu align --jsonl` as the mapper), one writer imports the shards, and the
memory is byte for byte (export) the memory of a one-process run; the units
counted in the shards are the units found in the memory."""
from __future__ import annotations

import json
import os
import sys
from typing import Iterator, List

import pytest

import setu

from conftest import DOCS, HERE

distributed = pytest.importorskip("distributed")
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "examples"))
import dask_align  # noqa: E402

CREATED = 1700000000


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    # Worker processes import the example's functions by module name.
    examples = os.path.join(os.path.dirname(HERE), "examples")
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([examples] + ([saved] if saved else []))
    try:
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
        c = distributed.Client(cluster)
        yield c
        c.close()
        cluster.close()
    finally:
        if saved is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = saved


def _export(tm_path: str, out: str) -> bytes:
    with setu.Memory(tm_path, readonly=True) as tm:
        tm.export(out, "jsonl")
    with open(out, "rb") as f:
        return f.read()


def _units_in(shards: List[str]) -> int:
    n = 0
    for s in shards:
        with open(s, encoding="utf-8") as f:
            n += sum(1 for line in f if line.strip())
    return n


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    d = os.fspath(tmp_path_factory.mktemp("one"))
    units = os.path.join(d, "units.jsonl")
    dask_align.one_process(DOCS, units, CREATED)
    dask_align.import_shards([units], os.path.join(d, "tm"))
    data = _export(os.path.join(d, "tm"), os.path.join(d, "export.jsonl"))
    assert data.count(b"\n") > 90
    return data


@pytest.mark.parametrize("mapper", ["package", "cli"])
def test_cluster_equals_one_process(client: object, reference: bytes, mapper: str,
                                    tmp_path: "os.PathLike[str]") -> None:
    if mapper == "cli" and not os.environ.get("SETU"):
        pytest.skip("no setu program ($SETU)")
    d = os.fspath(tmp_path)
    workers = client.scheduler_info()["workers"]  # type: ignore[attr-defined]
    assert len(workers) == 2
    shards = dask_align.shard(client, DOCS, os.path.join(d, "shards"), created=CREATED,
                              mapper=mapper, setu_path=os.environ.get("SETU"),
                              npartitions=4)
    assert [os.path.basename(s) for s in shards] == ["00000.jsonl", "00001.jsonl",
                                                     "00002.jsonl", "00003.jsonl"]
    added = dask_align.import_shards(shards, os.path.join(d, "tm"))
    with setu.Memory(os.path.join(d, "tm"), readonly=True) as tm:
        # What went in: every shard line is a unit or a duplicate of one.
        assert len(tm) == added == len(reference.splitlines())
        assert _units_in(shards) == added + 2  # moscow-brief repeats 2 pairs
    assert _export(os.path.join(d, "tm"), os.path.join(d, "export.jsonl")) == reference
    with pytest.raises(FileExistsError):  # never mixes in an earlier run's shards
        dask_align.shard(client, DOCS, os.path.join(d, "shards"), created=CREATED,
                         mapper=mapper, setu_path=os.environ.get("SETU"))


def test_bad_document_fails_the_job(client: object, tmp_path: "os.PathLike[str]") -> None:
    if not os.environ.get("SETU"):
        pytest.skip("no setu program ($SETU)")
    d = os.fspath(tmp_path)
    docs = os.path.join(d, "docs.jsonl")
    with open(DOCS, encoding="utf-8") as f, open(docs, "w", encoding="utf-8") as out:
        out.write(f.read())
        # What a JVM under LANG=C hands on.
        out.write(json.dumps({"id": "mangled", "hi": "???? ?? ????", "en": "He said."}) + "\n")
    with pytest.raises(RuntimeError, match="document mangled: .*LANG=C.UTF-8"):
        dask_align.shard(client, docs, os.path.join(d, "shards"), created=CREATED,
                         mapper="cli", setu_path=os.environ["SETU"])
