"""The translation memory (``setu_tm``): an LMDB directory of Hindi–English
units with exact and fuzzy lookup in either language.

The C API has no search beyond lookup, so neither has this package:
:meth:`Memory.lookup` is the fuzzy search (scores 1–100)."""
from __future__ import annotations

import contextlib
import os
import threading
from ctypes import POINTER, byref, c_int, c_size_t, c_uint64
from typing import Iterator, List, NamedTuple, Optional, Set, Tuple

from . import _lib
from ._handle import Handle
from ._lib import lib
from .errors import SetuError, Status, utf8


class Unit(NamedTuple):
    id: int
    hi: str
    en: str
    origin: str
    created: int          # seconds since the Unix epoch, UTC
    confidence: Optional[float]  # None when unknown
    # TMX metadata as compact JSON (setu_tm_unit.meta: the <tu>'s attributes
    # but creationdate, its <prop>s and <note>s, the language codes), None
    # for none: {"attrs":[["tuid","7"],…],"hi_lang":"hi-IN","items":[…]}
    meta: Optional[str] = None


class Match(NamedTuple):
    score: int            # 1–100, 100 for identical normalised tokens
    unit: Unit


class Stats(NamedTuple):
    units: int
    next_id: int
    tokens_hi: int
    tokens_en: int
    file_bytes: int
    map_bytes: int
    format_version: int


class ImportResult(NamedTuple):
    records: int
    added: int
    duplicates: int
    skipped: int
    errors: Tuple[str, ...]  # "FILE:LINE: message" of each skipped record


def _unit(u: "_lib.TmUnit") -> Unit:
    return Unit(u.id, u.hi.decode("utf-8"), u.en.decode("utf-8"),
                (u.origin or b"").decode("utf-8"), u.created,
                None if u.confidence < 0 else u.confidence,
                u.meta.decode("utf-8") if u.meta else None)


# LMDB: a memory is opened at most once per process.  Keyed by the
# directory's (device, inode) so two spellings of one path are one memory.
_open_memories: Set[Tuple[int, int]] = set()
_open_lock = threading.Lock()


class Memory(Handle):
    """A translation memory at path, created when it does not exist (unless
    readonly).  Use it as a context manager or close() it.

    Several processes may share a memory (readers never block the one
    writer); within a process it may be opened once (an LMDB rule, checked:
    a second open raises SetuError(ESTATE)).  A Memory may be shared by
    threads: their calls take turns.  Raises SetuError: ENOENT (read-only
    and no memory), EVERSION, ECORRUPT (not a setu memory), EIO.
    """
    _close_fn = lib.setu_tm_close

    def __init__(self, path: "str | os.PathLike[str]", *, readonly: bool = False) -> None:
        super().__init__()
        self.path = os.fspath(path)
        self._key: Optional[Tuple[int, int]] = None
        self._create(lib.setu_tm_create, "memory")
        try:
            self._check(lib.setu_tm_set_readonly(self._h, 1 if readonly else 0))
            # Checked before LMDB opens it: closing a second handle on an
            # open memory would drop the first one's locks.
            with _open_lock:
                key = _dir_key(self.path)
                if key is not None and key in _open_memories:
                    raise SetuError(Status.ESTATE, "memory %s: already open in this "
                                    "process (LMDB allows one handle per memory)" % self.path)
                self._check(lib.setu_tm_open(self._h, utf8(self.path, "path")),
                            "memory %s: " % self.path)
                self._key = _dir_key(self.path)
                if self._key is not None:
                    _open_memories.add(self._key)
        except BaseException:
            super().close()
            raise

    def close(self) -> None:
        with self._lock:
            super().close()
            if self._key is not None:
                with _open_lock:
                    _open_memories.discard(self._key)
                self._key = None

    # --- writing ------------------------------------------------------------

    def add(self, hi: str, en: str, *, origin: str = "", confidence: Optional[float] = None,
            created: Optional[int] = None, meta: Optional[str] = None) -> Tuple[int, bool]:
        """Stores a pair; returns (unit id, True) for a new unit, (the stored
        unit's id, False) for a duplicate (whose metadata stays).  meta: TMX
        metadata as a JSON object (see Unit.meta), written back on TMX
        export.  Raises SetuError: EBADINPUT (invalid UTF-8, both empty, meta
        not of that form), EINVAL (confidence > 1), ETOOBIG, EREADONLY."""
        u = _lib.TmUnit(0, utf8(hi, "hi"), utf8(en, "en"), utf8(origin, "origin"),
                        int(created or 0), -1.0 if confidence is None else float(confidence), 0,
                        utf8(meta, "meta") if meta else None)
        uid = c_uint64()
        added = c_int()
        with self._lock:
            self._check(lib.setu_tm_put(self._ptr(), byref(u), byref(uid), byref(added)))
        return uid.value, bool(added.value)

    @contextlib.contextmanager
    def batch(self) -> Iterator["Memory"]:
        """Groups the adds inside it into one transaction, committed at the
        end (aborted on an exception).  Keep a batch under ~100,000 units.
        The batch holds the memory's lock: other threads wait for it."""
        with self._lock:
            self._check(lib.setu_tm_begin(self._ptr()))
            try:
                yield self
            except BaseException:
                lib.setu_tm_abort(self._h)
                raise
            self._check(lib.setu_tm_commit(self._ptr()))

    def import_file(self, path: "str | os.PathLike[str]", format: str = "auto", *,
                    keep_going: bool = False, origin: Optional[str] = None) -> ImportResult:
        """Imports a .tmx, .tsv or .jsonl file (format "auto" goes by the
        extension; "moses" takes the PREFIX of PREFIX.hi and PREFIX.en).  All
        or nothing unless keep_going, which skips malformed records and lists
        them in the result's errors.  Raises SetuError: EBADINPUT
        ("FILE:LINE: …"), ENOENT, EIO, EINVAL, EREADONLY."""
        errors: List[str] = []

        def on_error(ctx: object, msg: bytes) -> None:
            errors.append(msg.decode("utf-8", "replace"))

        cb = _lib.REPORT_FN(on_error)
        opts = _lib.TmImportOpts(_lib.TM_KEEP_GOING if keep_going else 0,
                                 utf8(origin, "origin") if origin is not None else None,
                                 _lib.PROGRESS_FN(0), cb, None)
        res = _lib.TmImportResult()
        with self._lock:
            self._check(lib.setu_tm_import(self._ptr(), _format(format),
                                           utf8(os.fspath(path), "path"), byref(opts),
                                           byref(res)))
        return ImportResult(res.records, res.added, res.duplicates, res.skipped,
                            tuple(errors))

    # --- reading ------------------------------------------------------------

    def export(self, path: "str | os.PathLike[str]", format: str = "jsonl") -> int:
        """Writes every unit in id order as tmx, tsv, jsonl or moses; returns
        the number written.  Export, import into an empty memory and export
        again give identical bytes."""
        if format == "auto":
            raise SetuError(Status.EINVAL, "export needs a format")
        n = c_uint64()
        with self._lock:
            self._check(lib.setu_tm_export(self._ptr(), _format(format),
                                           utf8(os.fspath(path), "path"), _lib.PROGRESS_FN(0),
                                           None, byref(n)))
        return n.value

    def lookup(self, text: str, *, lang: Optional[str] = None, min_score: int = 0,
               max: int = 0) -> List[Match]:
        """Earlier translations of text, best first: lang "hi", "en",
        "hi-Latn" (Hindi typed in Latin letters) or None (by script);
        min_score 1–100 (0: 70); max results (0: 5)."""
        data = utf8(text)
        out = POINTER(_lib.TmMatch)()
        n = c_size_t()
        with self._lock:
            self._check(lib.setu_tm_lookup(self._ptr(), data, len(data),
                                           utf8(lang, "lang") if lang is not None else None,
                                           int(min_score), int(max), byref(out), byref(n)))
        try:
            return [Match(out[i].score, _unit(out[i].unit)) for i in range(n.value)]
        finally:
            lib.setu_free(out)

    def get(self, unit_id: int) -> Optional[Unit]:
        """Unit unit_id, or None when there is none."""
        out = POINTER(_lib.TmUnit)()
        with self._lock:
            self._check(lib.setu_tm_get(self._ptr(), int(unit_id), byref(out)))
        if not out:
            return None
        try:
            return _unit(out.contents)
        finally:
            lib.setu_free(out)

    def stats(self) -> Stats:
        s = _lib.TmStats()
        with self._lock:
            self._check(lib.setu_tm_stats_get(self._ptr(), byref(s)))
        return Stats(s.units, s.next_id, s.tokens_hi, s.tokens_en, s.file_bytes,
                     s.map_bytes, s.format_version)

    def __len__(self) -> int:
        return self.stats().units


def _dir_key(path: str) -> Optional[Tuple[int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _format(name: str) -> int:
    try:
        return _lib.TM_FORMATS[name]
    except KeyError:
        raise SetuError(Status.EINVAL, "unknown format %r (tmx, tsv, jsonl, moses)"
                        % name) from None
