"""setu.Memory: add, lookup (the only search the C API has), get, stats,
batches, import with counts checked against what is stored, all-or-nothing
and keep_going imports, export round trips, read-only and lifecycle errors,
one handle per memory per process, and threads sharing a memory."""
from __future__ import annotations

import os
import threading

import pytest

import setu
from setu import SetuError, Status

from conftest import EN, HI


def test_add_lookup_get(tm_path: str) -> None:
    with setu.Memory(tm_path) as tm:
        assert tm.add(HI, EN, origin="test", confidence=0.9, created=86400) == (1, True)
        assert tm.add(HI, EN) == (1, False)
        m = tm.lookup("Noted the progress in bilateral cooperation")
        assert [(x.score, x.unit.id, x.unit.hi) for x in m] == [(85, 1, HI)]
        assert tm.lookup("हमारे द्विपक्षीय सहयोग की प्रगति पर चर्चा हुई।")[0].score == 87
        assert tm.lookup("hamare dvipakshiy sahyog ki pragati par charcha ki",
                         lang="hi-Latn")[0].score == 100
        assert tm.lookup("Noted the progress in bilateral cooperation", min_score=90) == []
        assert tm.lookup("nothing like it") == []
        u = tm.get(1)
        assert u == setu.Unit(1, HI, EN, "test", 86400, 0.9)
        assert tm.get(2) is None
        assert tm.get(1).meta is None
        s = tm.stats()
        assert (s.units, s.next_id, s.format_version) == (1, 2, 4)
        assert len(tm) == 1


def test_batch(tm_path: str) -> None:
    with setu.Memory(tm_path) as tm:
        with tm.batch():
            for i in range(50):
                tm.add("वाक्य %d" % i, "sentence %d" % i)
        assert len(tm) == 50
        with pytest.raises(RuntimeError):
            with tm.batch():
                tm.add("एक और", "one more")
                raise RuntimeError("abort")
        assert len(tm) == 50 and tm.lookup("one more", min_score=100) == []


def test_import_counts(tm_path: str, tmp_path: "os.PathLike[str]") -> None:
    src = os.path.join(os.fspath(tmp_path), "pairs.tsv")
    rows = [("वाक्य %d" % i, "sentence %d" % i) for i in range(300)]
    with open(src, "w", encoding="utf-8") as f:
        f.write("hi\ten\n")
        for h, e in rows + rows[:10]:
            f.write("%s\t%s\n" % (h, e))
    with setu.Memory(tm_path) as tm:
        r = tm.import_file(src)
        assert (r.records, r.added, r.duplicates, r.skipped) == (310, 300, 10, 0)
        assert len(tm) == 300
        stored = {(tm.get(i).hi, tm.get(i).en) for i in range(1, 301)}  # type: ignore[union-attr]
        assert stored == set(rows)
        assert tm.get(1).origin == "pairs.tsv"  # type: ignore[union-attr]
        assert tm.import_file(src).added == 0


def test_import_all_or_nothing(tm_path: str, tmp_path: "os.PathLike[str]") -> None:
    bad = os.path.join(os.fspath(tmp_path), "bad.tsv")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("अच्छा\tgood\nअच्छा\n बुरा\tbad\n")
    with setu.Memory(tm_path) as tm:
        with pytest.raises(SetuError) as e:
            tm.import_file(bad)
        assert e.value.code == Status.EBADINPUT
        assert e.value.message.startswith(bad + ":2:")
        assert len(tm) == 0
        r = tm.import_file(bad, keep_going=True, origin="kept")
        assert (r.records, r.added, r.skipped) == (2, 2, 1)
        assert len(r.errors) == 1 and r.errors[0].startswith(bad + ":2:")
        assert len(tm) == 2 and tm.get(1).origin == "kept"  # type: ignore[union-attr]
        with pytest.raises(SetuError) as e:
            tm.import_file(os.path.join(os.fspath(tmp_path), "missing.tsv"))
        assert e.value.code == Status.ENOENT
        with pytest.raises(SetuError) as e:
            tm.import_file(bad, "xliff")
        assert e.value.code == Status.EINVAL


def test_export_round_trip(tmp_path: "os.PathLike[str]") -> None:
    d = os.fspath(tmp_path)
    with setu.Memory(os.path.join(d, "a")) as tm:
        tm.add(HI, EN, origin="seed", confidence=0.907, created=1664000000)
        tm.add("नूर सुल्तान", "Nur-Sultan\tcity", origin="cldr", created=1664000001)
        for fmt in ("jsonl", "tmx", "tsv"):
            assert tm.export(os.path.join(d, "a." + fmt), fmt) == 2
    with setu.Memory(os.path.join(d, "b")) as tm:
        assert tm.import_file(os.path.join(d, "a.jsonl")).added == 2
        tm.export(os.path.join(d, "b.jsonl"), "jsonl")
    with open(os.path.join(d, "a.jsonl"), "rb") as a, open(os.path.join(d, "b.jsonl"), "rb") as b:
        assert a.read() == b.read()
    with pytest.raises(SetuError) as e:
        with setu.Memory(os.path.join(d, "b")) as tm:
            tm.export(os.path.join(d, "b.x"), "auto")
    assert e.value.code == Status.EINVAL


def test_readonly_and_lifecycle(tmp_path: "os.PathLike[str]") -> None:
    d = os.fspath(tmp_path)
    with pytest.raises(SetuError) as e:
        setu.Memory(os.path.join(d, "none"), readonly=True)
    assert e.value.code == Status.ENOENT
    with setu.Memory(os.path.join(d, "tm")) as tm:
        tm.add(HI, EN)
    with setu.Memory(os.path.join(d, "tm"), readonly=True) as tm:
        assert len(tm) == 1
        with pytest.raises(SetuError) as e:
            tm.add("क", "k")
        assert e.value.code == Status.EREADONLY
    with pytest.raises(SetuError) as e:
        tm.lookup("x")
    assert e.value.code == Status.ESTATE
    with open(os.path.join(d, "junk"), "wb") as f:
        f.write(b"not a memory")
    with pytest.raises(SetuError) as e:
        setu.Memory(os.path.join(d, "junk"))
    assert e.value.code in (Status.ECORRUPT, Status.EIO)


def test_one_handle_per_memory(tm_path: str) -> None:
    with setu.Memory(tm_path) as tm:
        tm.add(HI, EN)
        with pytest.raises(SetuError) as e:
            setu.Memory(tm_path + "/../tm", readonly=True)
        assert e.value.code == Status.ESTATE
        assert len(tm) == 1  # the first handle still works
    with setu.Memory(tm_path) as again:  # closed: may be opened again
        assert len(again) == 1


def test_threads_share_a_memory(tm_path: str) -> None:
    with setu.Memory(tm_path) as tm:
        def work(k: int) -> None:
            for i in range(40):
                tm.add("धागा %d वाक्य %d" % (k, i), "thread %d sentence %d" % (k, i))
                tm.lookup("thread %d sentence" % k)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(tm) == 160
        assert tm.lookup("thread 3 sentence 39", min_score=100)[0].unit.en == \
            "thread 3 sentence 39"


def test_meta(tm_path: str, tmp_path) -> None:
    """A TMX <tu>'s metadata comes back on Unit.meta (it is the C API's
    setu_tm_unit.meta), and add(meta=) stores it; a unit without has None."""
    tmx = tmp_path / "cat.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header/><body>\n'
                   '<tu tuid="42" usagecount="3"><note>checked</note>'
                   '<tuv xml:lang="hi-IN"><seg>%s</seg></tuv>'
                   '<tuv xml:lang="en"><seg>%s</seg></tuv></tu>\n</body></tmx>\n' % (HI, EN),
                   encoding="utf-8")
    meta = '{"attrs":[["tuid","7"]],"items":[["note","by hand"]]}'
    with setu.Memory(tm_path) as tm:
        r = tm.import_file(tmx)
        assert (r.records, r.added) == (1, 1)
        assert tm.get(1).meta == ('{"attrs":[["tuid","42"],["usagecount","3"]],'
                                  '"hi_lang":"hi-IN","items":[["note","checked"]]}')
        assert tm.add("दूसरा वाक्य", "Another sentence", meta=meta) == (2, True)
        assert tm.get(2).meta == meta
        assert tm.add("तीसरा", "Third") == (3, True)
        assert tm.get(3).meta is None
        assert len(tm) == 3
        with pytest.raises(SetuError):
            tm.add("चौथा", "Fourth", meta="not json")
        assert len(tm) == 3
