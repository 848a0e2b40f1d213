"""setu's errors as Python exceptions.

Every failed C call becomes a :class:`SetuError` carrying the library's
status code (``setu_status`` in setu.h) and its detailed message, which
names the file, line and column where there is one.
"""
from __future__ import annotations

import enum
from typing import Optional

from ._lib import lib


class Status(enum.IntEnum):
    """``setu_status`` of setu.h."""
    OK = 0
    ERROR = 1
    ENOMEM = 2
    EINVAL = 3
    EBADINPUT = 4
    ENOENT = 5
    EIO = 6
    ERULES = 7
    ECORRUPT = 8
    EVERSION = 9
    EREADONLY = 10
    ESTATE = 11
    ETOOBIG = 12
    ESTALE = 13


class SetuError(Exception):
    """A failed setu call.

    ``code`` is the :class:`Status`, ``message`` setu's detail (e.g.
    ``"pairs.tsv:2: expected hi<TAB>en"``); ``str(err)`` is the message.
    """

    def __init__(self, code: int, message: str) -> None:
        try:
            self.code: Status = Status(code)
        except ValueError:
            self.code = Status.ERROR
        self.message = message or strerror(code)
        super().__init__(self.message)

    def __repr__(self) -> str:
        return "SetuError(%s, %r)" % (self.code.name, self.message)


def strerror(code: int) -> str:
    """setu's static description of a status code."""
    s: Optional[bytes] = lib.setu_strerror(code)
    return s.decode() if s else ""


def check(status: int, handle: Optional[int], prefix: str = "") -> None:
    """Raises SetuError for a non-zero status, with the handle's message.

    Called under the handle's lock, right after the failed call, because
    setu_errmsg() is only valid until the handle's next call."""
    if status == 0:
        return
    msg = lib.setu_errmsg(handle) if handle else None
    text = msg.decode("utf-8", "replace") if msg else strerror(status)
    raise SetuError(status, prefix + text)


def utf8(text: "str | bytes", what: str = "text") -> bytes:
    """Text as the UTF-8 bytes the library takes.  A str that cannot be
    UTF-8 (lone surrogates) is setu's EBADINPUT, not a UnicodeError."""
    if isinstance(text, bytes):
        return text
    if not isinstance(text, str):
        raise TypeError("%s must be str or bytes, not %s" % (what, type(text).__name__))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise SetuError(Status.EBADINPUT, "%s: invalid UTF-8 at character %d" %
                        (what, e.start + 1)) from None
