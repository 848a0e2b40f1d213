"""`cmake --install` puts the package beside the library, under
PREFIX/lib/python3/dist-packages, and it finds that library by itself
(no $SETU_LIBRARY, no LD_LIBRARY_PATH)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest


def test_installed_package_finds_its_library(tmp_path: "os.PathLike[str]") -> None:
    build = os.environ.get("SETU_BUILD_DIR")
    if not build:
        pytest.skip("no build folder ($SETU_BUILD_DIR)")
    prefix = os.path.join(os.fspath(tmp_path), "prefix")
    subprocess.run(["cmake", "--install", build, "--prefix", prefix], check=True,
                   stdout=subprocess.DEVNULL)
    site = os.path.join(prefix, "lib", "python3", "dist-packages")
    for f in ("__init__.py", "_location.py", "py.typed", "memory.py"):
        assert os.path.exists(os.path.join(site, "setu", f)), f
    env = {k: v for k, v in os.environ.items()
           if k not in ("SETU_LIBRARY", "LD_LIBRARY_PATH", "PYTHONPATH")}
    env["PYTHONPATH"] = site
    code = ("import setu, setu._lib as l; print(setu.translit('जयशंकर', 'iso15919')); "
            "print(setu.__file__); print(l.lib._name)")
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         stdout=subprocess.PIPE).stdout.decode().splitlines()
    assert out[0] == "jayaśaṁkara"
    assert out[1].startswith(site)
    assert os.path.realpath(out[2]).startswith(os.path.realpath(prefix))
