"""setu.align and Aligner: pairs with confidences and sentence indices,
raw text and sentence lists, the same pairs as `setu align --jsonl` on the
fixture documents, lexicon choices (a missing default dictionary warns, or
fails with require_lexicon), errors and threads."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

import setu
from setu import SetuError, Status

from conftest import DOCS


def test_raw_text() -> None:
    pairs = setu.align("प्रधानमंत्री 12 मार्च को जापान जाएंगे। वह 15 मार्च को दिल्ली लौटेंगे।",
                       "The Prime Minister will go to Japan on 12 March. "
                       "He will return to Delhi on 15 March.")
    assert [(p.hi, p.en, p.hi_ids, p.en_ids) for p in pairs] == [
        ("प्रधानमंत्री 12 मार्च को जापान जाएंगे।",
         "The Prime Minister will go to Japan on 12 March.", (0,), (0,)),
        ("वह 15 मार्च को दिल्ली लौटेंगे।", "He will return to Delhi on 15 March.", (1,), (1,))]
    assert all(0.5 <= p.confidence <= 1 for p in pairs)


def test_sentences_merge_and_deletion() -> None:
    with open(DOCS, encoding="utf-8") as f:
        docs = {d["id"]: d for d in map(json.loads, f)}
    bridge = setu.align(docs["bridge"]["hi"], docs["bridge"]["en"], lexicon=False)
    # The Hindi sentence 2 has no English counterpart: a 1-0 bead, no pair.
    assert [(p.hi_ids, p.en_ids) for p in bridge] == [((0,), (0,)), ((1,), (1,)),
                                                     ((3,), (2,)), ((4,), (3,))]
    hockey = setu.align(docs["hockey"]["hi"], docs["hockey"]["en"])
    assert [(p.hi_ids, p.en_ids) for p in hockey][1] == ((1,), (1, 2))
    assert hockey[1].en == ("India beat Pakistan 4-1 in the final. "
                            "The team's captain was chosen as the best player.")


def test_min_score() -> None:
    a = setu.Aligner(lexicon=False)
    pairs = a.align(["भारत ने 14 समझौते किए।", "मौसम साफ है।"],
                    ["India signed 14 agreements.", "The weather is clear."])
    assert len(pairs) == 2
    low = min(p.confidence for p in pairs)
    assert a.align(["भारत ने 14 समझौते किए।", "मौसम साफ है।"],
                   ["India signed 14 agreements.", "The weather is clear."],
                   min_score=low + 1e-9) == [p for p in pairs if p.confidence > low]
    assert a.align([], []) == []


def test_same_pairs_as_the_program(setu_program: str) -> None:
    out = subprocess.run([setu_program, "align", "--jsonl", DOCS], check=True,
                         stdout=subprocess.PIPE).stdout.decode()
    want = [(r["id"], r["hi"], r["en"], r["confidence"]) for r in map(json.loads, out.splitlines())]
    got = []
    with open(DOCS, encoding="utf-8") as f:
        for d in map(json.loads, f):
            got += [(d["id"], p.hi, p.en, p.confidence) for p in setu.align(d["hi"], d["en"])]
    assert len(got) > 90
    assert got == want


def test_lexicon_choices() -> None:
    assert "closed classes only" in setu.Aligner(lexicon=False).note
    with pytest.raises(SetuError) as e:
        setu.Aligner(lexicon="/nonexistent/freedict")
    assert e.value.code == Status.ENOENT and "/nonexistent/freedict" in e.value.message
    with pytest.raises(SetuError) as e:
        setu.Aligner(lexicon=False, require_lexicon=True)
    assert e.value.code == Status.EINVAL
    if os.path.exists("/usr/share/dictd/freedict-eng-hin.index"):
        assert "freedict-eng-hin (" in setu.Aligner(require_lexicon=True).note


def test_missing_default_lexicon(tmp_path: "os.PathLike[str]") -> None:
    """A node without FreeDict: hidden in a private mount namespace."""
    empty = os.path.join(os.fspath(tmp_path), "empty")
    os.mkdir(empty)
    hide = "mount --bind %s /usr/share/dictd && " % empty if os.path.isdir(
        "/usr/share/dictd") else ""
    probe = subprocess.run(["unshare", "-m", "sh", "-c", hide + "true"],
                           stderr=subprocess.DEVNULL, check=False)
    if probe.returncode != 0:
        pytest.skip("unshare -m is not allowed here")
    code = ("import warnings, setu\n"
            "with warnings.catch_warnings(record=True) as w:\n"
            "    warnings.simplefilter('always')\n"
            "    a = setu.Aligner()\n"
            "print(len(w), w[0].category.__name__, 'freedict-eng-hin: not installed' in "
            "str(w[0].message), a.note.startswith('lexicon: none'))\n"
            "try:\n"
            "    setu.Aligner(require_lexicon=True)\n"
            "except setu.SetuError as e:\n"
            "    print(e.code.name, 'install dict-freedict-eng-hin' in e.message)\n")
    r = subprocess.run(["unshare", "-m", "sh", "-c", hide + '"$0" -c "$1"', sys.executable,
                        code], stdout=subprocess.PIPE, check=True)
    assert r.stdout.decode().split("\n")[:2] == ["1 LexiconWarning True True", "ENOENT True"]


def test_errors() -> None:
    with pytest.raises(SetuError) as e:
        setu.align([b"\xe0\xa4"], [b"x"])
    assert e.value.code == Status.EBADINPUT
    with pytest.raises(SetuError) as e:
        setu.align(["a\0b"], ["c"])
    assert e.value.code == Status.EBADINPUT
    with pytest.raises(TypeError):
        setu.align("text", ["a list"])


def test_threads_share_an_aligner() -> None:
    with open(DOCS, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    a = setu.Aligner()
    want = [a.align(d["hi"], d["en"]) for d in docs]
    results: dict = {}

    def work(k: int) -> None:
        results[k] = [a.align(d["hi"], d["en"]) for d in docs]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3 and all(r == want for r in results.values())
    a.close()
