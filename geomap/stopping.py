"""Stopping at once: after SIGTERM or Ctrl-C no request leaves, and those in flight are cut.

A run told to stop calls :func:`stop` (``geomap run``: :func:`geomap.cli._stop_run`). From
then on, in every thread of the process:

- no connection is opened and no request is sent: every HTTP connection geomap makes, to news
  sites and to geocoders alike, is a :class:`StoppableHTTPConnection` (or its HTTPS twin), which
  checks before it connects and before it sends;
- retry loops and rate-limit waits end instead of sleeping on (:func:`pause`, :func:`check`);
- the sockets of the connections open are shut down, so that a thread blocked reading an answer
  that drips wakes at once, instead of at its timeout. (Closing a ``requests`` session from
  another thread does not wake a blocked read; shutting its socket down does.)

Each raises :class:`~geomap.errors.Stopped`, which nothing in geomap takes for a failed request:
no fallback, no retry.
"""

from __future__ import annotations

import contextlib
import contextvars
import socket
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .errors import Stopped

T = TypeVar("T")

_STOP = threading.Event()
# The sockets of the connections geomap opened (closed ones drop out on their own).
_SOCKETS: weakref.WeakSet[socket.socket] = weakref.WeakSet()
# Reentrant: stop() runs in a signal handler, in the main thread, which may hold it already.
_LOCK = threading.RLock()


def stop() -> None:
    """From now on no request leaves this process; shut down the sockets of those in flight."""
    with _LOCK:
        _STOP.set()
        open_sockets = list(_SOCKETS)
    for sock in open_sockets:
        _shut(sock)


def check() -> None:
    """Raise Stopped once :func:`stop` was called."""
    if _STOP.is_set():
        raise Stopped("stopping: no new request")


def pause(seconds: float) -> None:
    """Sleep for ``seconds``, or until :func:`stop`, which raises Stopped."""
    if _STOP.wait(max(0.0, seconds)):
        raise Stopped("stopping: no new request")


def track(sock: socket.socket) -> None:
    """Shut ``sock`` down when :func:`stop` is called; at once (raising Stopped) if it was."""
    with _LOCK:
        if not _STOP.is_set():
            _SOCKETS.add(sock)
            return
    _shut(sock)
    check()


def _shut(sock: socket.socket) -> None:
    # socket.socket's own shutdown, also for a TLS socket: only the descriptor, from any thread.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class StoppableHTTPConnection(HTTPConnection):
    """An urllib3 connection that neither connects nor sends once the process is stopping, and
    whose socket :func:`stop` shuts down."""

    def connect(self) -> None:
        check()
        super().connect()
        track(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        check()
        super().request(*args, **kwargs)


class StoppableHTTPSConnection(StoppableHTTPConnection, HTTPSConnection):
    """:class:`StoppableHTTPConnection` over TLS (its socket is tracked once wrapped)."""


class _StoppableHTTPPool(HTTPConnectionPool):
    ConnectionCls = StoppableHTTPConnection


class _StoppableHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = StoppableHTTPSConnection


def make_stoppable(adapter: HTTPAdapter) -> HTTPAdapter:
    """``adapter``, its new connections made stoppable (for a ``requests`` adapter made elsewhere,
    such as geopy's)."""
    adapter.poolmanager.pool_classes_by_scheme = {"http": _StoppableHTTPPool, "https": _StoppableHTTPSPool}
    return adapter


def in_a_thread(call: Callable[[], T]) -> T:
    """``call()`` in a thread of its own while this thread waits for it: its result, or its exception.

    Called from the main thread, this keeps the main thread's signal handlers in force whatever
    ``call`` does: Python runs handlers in the main thread only, and only the main thread may
    replace them. (Prefect's flow engine sets a SIGTERM handler of its own in the thread that
    runs a flow, and that handler waits for the flow's tasks to end: a run stopped with SIGTERM
    waited out every request in flight, with its retries.)"""
    outcome: list[tuple[bool, Any]] = []
    context = contextvars.copy_context()

    def target() -> None:
        try:
            outcome.append((True, context.run(call)))
        except BaseException as exc:  # noqa: BLE001 - raised again in the waiting thread
            outcome.append((False, exc))

    worker = threading.Thread(target=target, name="geomap-command", daemon=True)
    worker.start()
    worker.join()  # a signal interrupts the wait: its handler runs here, in the main thread
    done, value = outcome[0]
    if not done:
        raise value
    result: T = value
    return result
