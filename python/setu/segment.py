"""Sentence segmentation (``setu_segment``)."""
from __future__ import annotations

from ctypes import POINTER, byref, c_char_p, c_size_t, c_void_p, string_at
from typing import List, Optional

from ._lib import lib
from .errors import SetuError, utf8


def segment(text: "str | bytes", lang: Optional[str] = None) -> List[str]:
    """Splits text into sentences (ICU sentence breaks with the tidy-up
    scraped news needs; every line break is a hard break).

    >>> segment("जयशंकर ने कहा। भारत तैयार है!")
    ['जयशंकर ने कहा।', 'भारत तैयार है!']

    lang is "hi", "en" or None.  Thread-safe (no shared state).  Raises
    SetuError: EBADINPUT (invalid UTF-8), EINVAL (unknown lang)."""
    data = utf8(text)
    out = POINTER(c_char_p)()
    n = c_size_t()
    err = c_void_p()
    st = lib.setu_segment(data, len(data), utf8(lang, "lang") if lang is not None else None,
                          byref(out), byref(n), byref(err))
    if st != 0:
        msg = string_at(err.value).decode("utf-8", "replace") if err.value else ""
        lib.setu_free(err)
        raise SetuError(st, msg)
    try:
        return [out[i].decode("utf-8") for i in range(n.value)]
    finally:
        lib.setu_free(out)
