"""Loads libsetu (the shared library CMake builds) and declares the C API.

Where the library is looked for, first hit wins:

1. ``$SETU_LIBRARY``: a path to ``libsetu.so.0`` (a build tree, a test).
2. Beside the package, as ``cmake --install`` lays it out: the install
   writes ``_location.py`` with the library folder relative to this one.
3. The dynamic loader's own search (``LD_LIBRARY_PATH``, ``ldconfig``).

Only setu.h's functions are declared here, with their exact C types, so a
mismatch is a one-line diff against the header.
"""
from __future__ import annotations

import ctypes
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_double, c_int,
                    c_int64, c_size_t, c_uint, c_uint64, c_void_p)
from typing import Any

SONAME = "libsetu.so.0"


def _candidates() -> list[str]:
    found = []
    env = os.environ.get("SETU_LIBRARY")
    if env:
        return [env]
    try:
        from . import _location  # type: ignore[attr-defined]
        here = os.path.dirname(os.path.abspath(__file__))
        found.append(os.path.normpath(os.path.join(here, _location.LIBDIR, SONAME)))
    except ImportError:
        pass
    found.append(SONAME)
    return found


def _load() -> ctypes.CDLL:
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(str(e))
    raise ImportError(
        "setu: cannot load libsetu (%s); set SETU_LIBRARY to the path of %s"
        % ("; ".join(errors), SONAME))


lib = _load()

# --- structs (setu.h) ------------------------------------------------------


class Bead(Structure):
    _fields_ = [("hi_first", c_size_t), ("hi_count", c_size_t),
                ("en_first", c_size_t), ("en_count", c_size_t),
                ("confidence", c_double)]


class Alignment(Structure):
    _fields_ = [("hi", POINTER(c_char_p)), ("nhi", c_size_t),
                ("en", POINTER(c_char_p)), ("nen", c_size_t),
                ("beads", POINTER(Bead)), ("nbeads", c_size_t)]


class TmUnit(Structure):
    _fields_ = [("id", c_uint64), ("hi", c_char_p), ("en", c_char_p),
                ("origin", c_char_p), ("created", c_int64),
                ("confidence", c_double), ("flags", c_uint),
                ("meta", c_char_p)]


class TmMatch(Structure):
    _fields_ = [("score", c_int), ("unit", TmUnit)]


class TmStats(Structure):
    _fields_ = [("units", c_uint64), ("next_id", c_uint64),
                ("tokens_hi", c_uint64), ("tokens_en", c_uint64),
                ("file_bytes", c_uint64), ("map_bytes", c_uint64),
                ("format_version", c_uint)]


PROGRESS_FN = CFUNCTYPE(None, c_void_p, c_uint64, c_uint64)
REPORT_FN = CFUNCTYPE(None, c_void_p, c_char_p)


class TmImportOpts(Structure):
    _fields_ = [("flags", c_uint), ("origin", c_char_p),
                ("progress", PROGRESS_FN), ("on_error", REPORT_FN),
                ("ctx", c_void_p)]


class TmImportResult(Structure):
    # Must match setu.h's setu_tm_import_result field for field: the
    # library writes the whole struct.
    _fields_ = [("records", c_uint64), ("added", c_uint64),
                ("duplicates", c_uint64), ("skipped", c_uint64),
                ("header", c_uint64), ("en_hi", c_int),
                ("created_ms", c_uint64), ("created_ms_line", c_uint64)]


# --- functions ---------------------------------------------------------------

_handle_p = POINTER(c_void_p)


def _fn(name: str, restype: Any, *argtypes: Any) -> None:
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)


_fn("setu_version", c_char_p)
_fn("setu_strerror", c_char_p, c_int)
_fn("setu_errmsg", c_char_p, c_void_p)
_fn("setu_errcode", c_int, c_void_p)
_fn("setu_free", None, c_void_p)

_fn("setu_translit_create", c_int, _handle_p)
_fn("setu_translit_set_scheme", c_int, c_void_p, c_char_p)
_fn("setu_translit_set_rules_dir", c_int, c_void_p, c_char_p)
_fn("setu_translit_set_flags", c_int, c_void_p, c_uint)
_fn("setu_translit_open", c_int, c_void_p)
_fn("setu_translit_run", c_int, c_void_p, c_char_p, c_size_t, POINTER(c_void_p),
    POINTER(c_size_t))
_fn("setu_translit_close", None, c_void_p)

_fn("setu_segment", c_int, c_char_p, c_size_t, c_char_p, POINTER(POINTER(c_char_p)),
    POINTER(c_size_t), POINTER(c_void_p))

_fn("setu_aligner_create", c_int, _handle_p)
_fn("setu_aligner_set_flags", c_int, c_void_p, c_uint)
_fn("setu_aligner_set_lexicon", c_int, c_void_p, c_char_p)
_fn("setu_aligner_open", c_int, c_void_p)
_fn("setu_aligner_note", c_char_p, c_void_p)
_fn("setu_aligner_align", c_int, c_void_p, POINTER(c_char_p), c_size_t,
    POINTER(c_char_p), c_size_t, POINTER(POINTER(Bead)), POINTER(c_size_t))
_fn("setu_aligner_align_text", c_int, c_void_p, c_char_p, c_size_t, c_char_p, c_size_t,
    POINTER(POINTER(Alignment)))
_fn("setu_aligner_close", None, c_void_p)

_fn("setu_tm_create", c_int, _handle_p)
_fn("setu_tm_set_readonly", c_int, c_void_p, c_int)
_fn("setu_tm_open", c_int, c_void_p, c_char_p)
_fn("setu_tm_close", None, c_void_p)
_fn("setu_tm_begin", c_int, c_void_p)
_fn("setu_tm_put", c_int, c_void_p, POINTER(TmUnit), POINTER(c_uint64), POINTER(c_int))
_fn("setu_tm_commit", c_int, c_void_p)
_fn("setu_tm_abort", None, c_void_p)
_fn("setu_tm_get", c_int, c_void_p, c_uint64, POINTER(POINTER(TmUnit)))
_fn("setu_tm_lookup", c_int, c_void_p, c_char_p, c_size_t, c_char_p, c_int, c_size_t,
    POINTER(POINTER(TmMatch)), POINTER(c_size_t))
_fn("setu_tm_stats_get", c_int, c_void_p, POINTER(TmStats))
_fn("setu_tm_import", c_int, c_void_p, c_int, c_char_p, POINTER(TmImportOpts),
    POINTER(TmImportResult))
_fn("setu_tm_export", c_int, c_void_p, c_int, c_char_p, PROGRESS_FN, c_void_p,
    POINTER(c_uint64))

# Flags and enums of setu.h.
TRANSLIT_REVERSE = 0x1
TRANSLIT_NO_GAZETTEER = 0x2
ALIGN_NO_LEXICON = 0x1
ALIGN_REQUIRE_LEXICON = 0x8
TM_KEEP_GOING = 0x1
TM_FORMATS = {"auto": 0, "tmx": 1, "tsv": 2, "jsonl": 3, "moses": 4}
