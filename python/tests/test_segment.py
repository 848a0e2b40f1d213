"""setu.segment: ICU sentence breaks with setu's tidy-up, and its errors."""
from __future__ import annotations

import pytest

import setu
from setu import SetuError, Status


def test_english_abbreviations() -> None:
    text = "Dr. S. Jaishankar met Mr. Lavrov in the U.S. capital. They talked! Did they agree?"
    assert setu.segment(text) == ["Dr. S. Jaishankar met Mr. Lavrov in the U.S. capital.",
                                  "They talked!", "Did they agree?"]


def test_hindi() -> None:
    assert setu.segment("जयशंकर ने कहा। भारत तैयार है! क्या रूस सहमत है?", "hi") == [
        "जयशंकर ने कहा।", "भारत तैयार है!", "क्या रूस सहमत है?"]


def test_empty_and_lines() -> None:
    assert setu.segment("") == []
    assert setu.segment("one\ntwo") == ["one", "two"]


def test_errors() -> None:
    with pytest.raises(SetuError) as e:
        setu.segment(b"ok.\n\xe0\xa4")
    assert e.value.code == Status.EBADINPUT
    assert "line 2" in e.value.message
    with pytest.raises(SetuError) as e:
        setu.segment("x", "fr")
    assert e.value.code == Status.EINVAL
