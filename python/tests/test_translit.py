"""setu.translit and Transliterator: the schemes, errors as SetuError with
setu's code and message, handle lifecycle, and threads sharing handles."""
from __future__ import annotations

import threading

import pytest

import setu
from setu import SetuError, Status


def test_names() -> None:
    assert setu.translit("जयशंकर कमला रामनगर") == "Jaishankar Kamla Ramnagar"
    assert setu.translit("मास्को में बैठक") == "Moscow Men Baithak"
    assert setu.translit("श्रीलंका", gazetteer=False) == "Srilanka"


def test_scholarly_round_trip() -> None:
    latin = setu.translit("विदेश मंत्री जयशंकर ने कहा।", "iso15919")
    assert latin == "vidēśa maṁtrī jayaśaṁkara nē kahā|"
    assert setu.translit(latin, "iso15919", reverse=True) == "विदेश मंत्री जयशंकर ने कहा।"


def test_passthrough_and_bytes() -> None:
    assert setu.translit("The meeting in Nur-Sultan.\n") == "The meeting in Nur-Sultan.\n"
    assert setu.translit("जयशंकर".encode()) == "Jaishankar"
    assert setu.translit("") == ""


def test_invalid_utf8() -> None:
    with pytest.raises(SetuError) as e:
        setu.translit(b"ab\xff")
    assert e.value.code == Status.EBADINPUT
    assert "byte 2" in e.value.message
    with pytest.raises(SetuError) as e:
        setu.translit("a\udc80")  # a lone surrogate cannot be UTF-8
    assert e.value.code == Status.EBADINPUT


def test_open_errors() -> None:
    with pytest.raises(SetuError) as e:
        setu.Transliterator("klingon")
    assert e.value.code == Status.EINVAL
    assert "unknown scheme 'klingon'" in str(e.value)
    with pytest.raises(SetuError) as e:
        setu.Transliterator("names", reverse=True)
    assert e.value.code == Status.EINVAL


def test_lifecycle() -> None:
    with setu.Transliterator("iast") as t:
        assert t.run("कई कै कइ") == "kaī kai kaï"
    assert t.closed
    with pytest.raises(SetuError) as e:
        t.run("क")
    assert e.value.code == Status.ESTATE
    t.close()  # twice is fine


def test_threads_share_a_handle() -> None:
    words = ["जयशंकर", "कमला", "रामनगर", "लावरोव", "मास्को", "सर्गेई"] * 20
    want = [setu.translit(w) for w in words]
    shared = setu.Transliterator()
    got: dict = {}

    def work(k: int) -> None:
        got[k] = ([shared.run(w) for w in words], [setu.translit(w) for w in words])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4
    for a, b in got.values():
        assert a == want and b == want
    shared.close()
