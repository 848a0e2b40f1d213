"""The package is typed (py.typed, inline annotations): mypy --strict finds
nothing in it.  Skipped where Debian's python3-mypy is not installed."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

PACKAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "setu")


def test_mypy_strict(tmp_path: "os.PathLike[str]") -> None:
    pytest.importorskip("mypy")
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                        "--cache-dir", os.fspath(tmp_path), PACKAGE],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    assert r.returncode == 0, r.stdout.decode()
    assert os.path.exists(os.path.join(PACKAGE, "py.typed"))
