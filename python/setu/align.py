"""Sentence alignment (``setu_aligner``): pairs with their confidence."""
from __future__ import annotations

import math
import threading
import warnings
from ctypes import POINTER, byref, c_char_p, c_size_t
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

from . import _lib
from ._handle import Handle
from ._lib import lib
from .errors import SetuError, Status, utf8


class Pair(NamedTuple):
    """One bead with both sides: its sentences joined by single spaces, and
    the sentence indices it covers (0-based, in the segmented documents)."""
    hi: str
    en: str
    confidence: float
    hi_ids: Tuple[int, ...]
    en_ids: Tuple[int, ...]


class LexiconWarning(UserWarning):
    """The default dictionary is not installed: pairs can differ from a
    machine that has it."""


Document = Union[str, Sequence[str]]


class Aligner(Handle):
    """A Hindi–English sentence aligner.

    lexicon: None for Debian's FreeDict English–Hindi dictionary
    (``dict-freedict-eng-hin``) when it is installed — when it is not, a
    :class:`LexiconWarning` is issued, or SetuError(ENOENT) raised with
    ``require_lexicon=True`` —; a dictd prefix (PREFIX.index and
    PREFIX.dict[.dz]) to use another; False for none.  ``note`` says what
    the aligner uses.  Keep one per thread or share one (calls take turns).
    """
    _close_fn = lib.setu_aligner_close

    def __init__(self, lexicon: "str | None | bool" = None, *,
                 require_lexicon: bool = False) -> None:
        super().__init__()
        if lexicon is True:
            lexicon = None
        if lexicon is False and require_lexicon:
            raise SetuError(Status.EINVAL, "require_lexicon with lexicon=False")
        flags = _lib.ALIGN_NO_LEXICON if lexicon is False else 0
        prefix = utf8(lexicon, "lexicon") if isinstance(lexicon, str) else None
        wants_default = lexicon is None
        try:
            self._open(flags | (_lib.ALIGN_REQUIRE_LEXICON if wants_default else 0), prefix)
        except SetuError as e:
            if not (wants_default and e.code == Status.ENOENT and not require_lexicon):
                raise
            warnings.warn("%s; aligning without it, so pairs can differ from a machine "
                          "that has it" % e.message, LexiconWarning, stacklevel=2)
            self._open(flags, None)

    def _open(self, flags: int, prefix: Optional[bytes]) -> None:
        self.close()
        self._create(lib.setu_aligner_create, "aligner")
        try:
            self._check(lib.setu_aligner_set_flags(self._h, flags))
            if prefix is not None:
                self._check(lib.setu_aligner_set_lexicon(self._h, prefix))
            self._check(lib.setu_aligner_open(self._h), "aligner: ")
        except BaseException:
            self.close()
            raise

    @property
    def note(self) -> str:
        """What the aligner uses: lexicon and names transliteration."""
        with self._lock:
            return (lib.setu_aligner_note(self._ptr()) or b"").decode("utf-8")

    def align(self, hi: Document, en: Document, min_score: float = 0.0) -> List[Pair]:
        """Aligns two documents: both raw text (segmented as :func:`segment`
        does) or both lists of sentences.  Returns the beads with both sides
        and confidence >= min_score, in document order.  Raises SetuError:
        EBADINPUT (invalid UTF-8), ETOOBIG, ENOMEM."""
        if isinstance(hi, (str, bytes)) != isinstance(en, (str, bytes)):
            raise TypeError("hi and en must both be text or both lists of sentences")
        if isinstance(hi, (str, bytes)):
            return self._align_text(utf8(hi, "hi"), utf8(en, "en"), min_score)  # type: ignore[arg-type]
        return self._align_sentences(list(hi), list(en), min_score)

    def _align_text(self, hi: bytes, en: bytes, min_score: float) -> List[Pair]:
        out = POINTER(_lib.Alignment)()
        with self._lock:
            self._check(lib.setu_aligner_align_text(self._ptr(), hi, len(hi), en, len(en),
                                                    byref(out)))
        try:
            al = out.contents
            hs = [al.hi[i].decode("utf-8") for i in range(al.nhi)]
            es = [al.en[i].decode("utf-8") for i in range(al.nen)]
            return _pairs(hs, es, al.beads, al.nbeads, min_score)
        finally:
            lib.setu_free(out)

    def _align_sentences(self, hi: List[str], en: List[str], min_score: float) -> List[Pair]:
        hb = [utf8(s, "hi[%d]" % i) for i, s in enumerate(hi)]
        eb = [utf8(s, "en[%d]" % i) for i, s in enumerate(en)]
        for side, v in (("hi", hb), ("en", eb)):
            for i, s in enumerate(v):
                if b"\0" in s:
                    raise SetuError(Status.EBADINPUT, "%s[%d]: a NUL character" % (side, i))
        harr = (c_char_p * max(len(hb), 1))(*hb)
        earr = (c_char_p * max(len(eb), 1))(*eb)
        beads = POINTER(_lib.Bead)()
        n = c_size_t()
        with self._lock:
            self._check(lib.setu_aligner_align(self._ptr(), harr, len(hb), earr, len(eb),
                                               byref(beads), byref(n)))
        try:
            return _pairs([s.decode("utf-8") for s in hb], [s.decode("utf-8") for s in eb],
                          beads, n.value, min_score)
        finally:
            lib.setu_free(beads)


def _pairs(hs: List[str], es: List[str], beads: Any, n: int,
           min_score: float) -> List[Pair]:
    out = []
    for k in range(n):
        b = beads[k]
        if not b.hi_count or not b.en_count or b.confidence < min_score:
            continue
        hi_ids = tuple(range(b.hi_first, b.hi_first + b.hi_count))
        en_ids = tuple(range(b.en_first, b.en_first + b.en_count))
        out.append(Pair(" ".join(hs[i] for i in hi_ids), " ".join(es[i] for i in en_ids),
                        _round3(b.confidence), hi_ids, en_ids))
    return out


def _round3(c: float) -> float:
    """Three decimals, halves away from zero: C's round(c * 1000) / 1000,
    which `setu align` prints, so the package and the program store the
    same confidences."""
    x = c * 1000
    r = math.floor(x)
    if x - r >= 0.5:
        r += 1
    return r / 1000


_local = threading.local()


def align(hi: Document, en: Document, min_score: float = 0.0,
          lexicon: "str | None | bool" = None) -> List[Pair]:
    """Aligns with a per-thread cached :class:`Aligner` (see Aligner.align).

    >>> [(p.hi, p.en, p.confidence) for p in align("भारत ने 14 समझौते किए।",
    ...                                           "India signed 14 agreements.")]
    [('भारत ने 14 समझौते किए।', 'India signed 14 agreements.', 1.0)]
    """
    cache: Dict[object, Aligner] = _local.__dict__.setdefault("a", {})
    a = cache.get(lexicon)
    if a is None:
        a = cache[lexicon] = Aligner(lexicon)
    return a.align(hi, en, min_score)
