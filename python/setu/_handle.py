"""The common shape of setu's handles in Python: an owned C pointer, the
lock setu.h asks for, and close() / context manager / finaliser.

setu.h: "Handles are not thread-safe.  Use one handle per thread, or
serialise every call on a handle with your own lock."  ctypes releases the
GIL during a foreign call, so every call on a handle (and the reading of
its error message, valid only until the next call) happens under
``self._lock``: one object may be shared by threads, which then take turns.
"""
from __future__ import annotations

import threading
from ctypes import c_void_p
from typing import Any, Callable, Optional, TypeVar

from .errors import SetuError, Status, check

T = TypeVar("T", bound="Handle")


class Handle:
    _close_fn: Callable[[Any], None]

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._h: Optional[int] = None

    def _create(self, create_fn: Callable[[Any], int], what: str) -> None:
        h = c_void_p()
        st = create_fn(h)
        if st != 0 or not h.value:
            raise SetuError(st or Status.ENOMEM, "%s: out of memory" % what)
        self._h = h.value

    def _ptr(self) -> int:
        if self._h is None:
            raise SetuError(Status.ESTATE, "%s is closed" % type(self).__name__)
        return self._h

    def _check(self, status: int, prefix: str = "") -> None:
        check(status, self._h, prefix)

    def close(self) -> None:
        """Releases the handle.  Calling it again does nothing."""
        with self._lock:
            h, self._h = self._h, None
            if h is not None:
                type(self)._close_fn(h)

    @property
    def closed(self) -> bool:
        return self._h is None

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
