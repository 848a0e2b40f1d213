"""setu — सेतु: Hindi–English transliteration, sentence alignment and a
translation memory, over libsetu (ctypes; no compiled extension).

    >>> import setu
    >>> setu.translit("जयशंकर")
    'Jaishankar'

The library is found through $SETU_LIBRARY, beside the package as
``cmake --install`` puts it, or by the dynamic loader (see _lib.py).
Errors are :class:`SetuError` with setu's status ``code`` and message.
Every handle object (Transliterator, Aligner, Memory) may be shared by
threads, whose calls then take turns; the module functions keep one handle
per thread.
"""
from ._lib import lib as _cdll
from .align import Aligner, LexiconWarning, Pair, align
from .errors import SetuError, Status, strerror
from .memory import ImportResult, Match, Memory, Stats, Unit
from .segment import segment
from .translit import Transliterator, translit

__version__: str = _cdll.setu_version().decode()

__all__ = ["Aligner", "ImportResult", "LexiconWarning", "Match", "Memory", "Pair",
           "SetuError", "Stats", "Status", "Transliterator", "Unit", "align", "segment",
           "strerror", "translit", "__version__"]
