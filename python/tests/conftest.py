"""Shared fixtures of the setu package's tests.

ctest runs them with PYTHONPATH naming python/, SETU_LIBRARY the built
libsetu.so.0, SETU the built program and SETU_BUILD_DIR the build folder
(tests that need one of these skip without it)."""
from __future__ import annotations

import os
import shutil
from typing import Iterator

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
DOCS = os.path.join(DATA, "docs.jsonl")

# A pair of the seed tweet, used across the suites.
HI = "हमारे द्विपक्षीय सहयोग की प्रगति पर चर्चा की।"
EN = "Noted the progress in our bilateral cooperation."


@pytest.fixture
def setu_program() -> str:
    path = os.environ.get("SETU") or shutil.which("setu")
    if not path:
        pytest.skip("no setu program ($SETU)")
    return os.path.abspath(path)


@pytest.fixture
def tm_path(tmp_path: "os.PathLike[str]") -> Iterator[str]:
    yield os.path.join(os.fspath(tmp_path), "tm")
