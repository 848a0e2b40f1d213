"""Transliteration: Devanagari to Latin (names, iso15919, iast), and back
for the reversible schemes."""
from __future__ import annotations

import threading
from ctypes import byref, c_size_t, c_void_p, string_at
from typing import Dict, Optional, Tuple

from . import _lib
from ._handle import Handle
from ._lib import lib
from .errors import utf8


class Transliterator(Handle):
    """A compiled scheme with its word cache (``setu_translit``).

    >>> Transliterator("iso15919").run("जयशंकर")
    'jayaśaṁkara'

    Opening compiles ICU rules (tens of milliseconds); keep one per thread
    or share one (calls then take turns; ICU serialises them anyway).
    Raises SetuError: EINVAL (unknown scheme, or reverse on a one-way
    scheme), ENOENT (a missing rule file), ERULES (a rule file that does not compile).
    """
    _close_fn = lib.setu_translit_close

    def __init__(self, scheme: str = "names", *, reverse: bool = False,
                 gazetteer: bool = True, rules_dir: Optional[str] = None) -> None:
        super().__init__()
        self._create(lib.setu_translit_create, "translit")
        h = self._h
        flags = (_lib.TRANSLIT_REVERSE if reverse else 0) | \
            (0 if gazetteer else _lib.TRANSLIT_NO_GAZETTEER)
        try:
            self._check(lib.setu_translit_set_scheme(h, utf8(scheme, "scheme")))
            if rules_dir is not None:
                self._check(lib.setu_translit_set_rules_dir(h, utf8(rules_dir, "rules_dir")))
            self._check(lib.setu_translit_set_flags(h, flags))
            self._check(lib.setu_translit_open(h), "%s: " % scheme)
        except BaseException:
            self.close()
            raise
        self.scheme = scheme

    def run(self, text: "str | bytes") -> str:
        """The transliteration of text; non-Devanagari text passes through.
        Invalid UTF-8 raises SetuError(EBADINPUT)."""
        data = utf8(text)
        out = c_void_p()
        n = c_size_t()
        with self._lock:
            self._check(lib.setu_translit_run(self._ptr(), data, len(data), byref(out), byref(n)))
        try:
            return string_at(out.value, n.value).decode("utf-8") if out.value else ""
        finally:
            lib.setu_free(out)


_local = threading.local()


def translit(text: "str | bytes", scheme: str = "names", *, reverse: bool = False,
             gazetteer: bool = True) -> str:
    """Transliterates text with a per-thread cached Transliterator.

    >>> translit("जयशंकर कमला रामनगर")
    'Jaishankar Kamla Ramnagar'
    """
    cache: Dict[Tuple[str, bool, bool], Transliterator] = _local.__dict__.setdefault("t", {})
    key = (scheme, reverse, gazetteer)
    t = cache.get(key)
    if t is None:
        t = cache[key] = Transliterator(scheme, reverse=reverse, gazetteer=gazetteer)
    return t.run(text)
