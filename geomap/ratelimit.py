"""A request rate that holds across every process on one machine.

Nominatim allows one request per second from an application, not from each
of its processes. :class:`RateLimiter` keeps the time of the last request
(and any pause a service asked for with ``Retry-After``) in a small state
file, under an exclusive ``flock``: every process, thread, Prefect task or
Dask worker that opens the same file shares one budget. Like geopy's
``RateLimiter`` it wraps nothing but the moment a request is sent.

POSIX only (``fcntl``).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import stopping
from .errors import DeadlinePassed

# The longest pause recorded: services ask for up to a day (a Nominatim block
# lasts hours); a longer one in the state file is damage. Pauses longer than a
# run would wait for are not slept through: see OnlineLookup, which then does
# without the service until the pause is over.
MAX_PAUSE = 86400.0


@dataclass(frozen=True, slots=True)
class _State:
    last: float = 0.0
    paused_until: float = 0.0


def limiter_path(data_dir: Path, service: str, domain: str) -> Path:
    """The state file shared by every process that talks to ``domain`` as ``service`` (a geocoder
    back-end's name, or "fetch" for feeds and pages)."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{service}-{domain}".lower()).strip("-")[:60]
    digest = hashlib.sha1(f"{service}\0{domain}".encode()).hexdigest()[:10]
    return data_dir / "rate-limits" / f"{slug}-{digest}.lock"


class RateLimiter:
    """At most one request every ``min_delay`` seconds, counted over every process sharing ``path``."""

    def __init__(
        self,
        path: Path,
        *,
        min_delay: float = 0.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = stopping.pause,
        on_grant: Callable[[float], None] | None = None,
    ) -> None:
        if min_delay < 0:
            raise ValueError(f"min_delay must be >= 0, not {min_delay}")
        self.path = path
        self.min_delay = min_delay
        self._clock = clock
        self._sleep = sleep
        self._on_grant = on_grant  # told each granted send time, under the lock (for tests and logs)
        self._thread_lock = threading.Lock()  # flock alone does not order threads sharing a descriptor
        path.parent.mkdir(parents=True, exist_ok=True)

    def wait(self, within: float | None = None) -> float:
        """Block until a request may be sent, record it as sent now, and return the seconds waited.

        A request may be sent once ``min_delay`` has passed since the last one
        by any process, and no pause set by :meth:`pause` is running. A turn that
        would come more than ``within`` seconds from now is not waited for:
        DeadlinePassed. The wait ends when the process stops (Stopped).
        """
        waited = 0.0
        while True:
            # Sleep without the lock, then look again: a request that finished
            # meanwhile (done) or a new pause moves the time we may go.
            with self._thread_lock, self._locked() as (read, write):
                state = read()
                now = self._clock()
                last = min(state.last, now)  # a clock that jumped back must not stall us
                paused = state.paused_until if state.paused_until <= now + MAX_PAUSE else 0.0
                ready = max(last + self.min_delay, paused)
                if ready <= now:
                    write(_State(now, state.paused_until))
                    if self._on_grant is not None:
                        self._on_grant(now)
                    return waited
            if within is not None and waited + ready - now > within:
                raise DeadlinePassed("no turn on the rate limit in time")
            self._sleep(ready - now)
            waited += ready - now

    def done(self) -> None:
        """Record that a request has just finished: the next one, from any process, waits ``min_delay`` from now.

        Counting from the end of the previous request as well as from its start
        keeps the gap the service sees at ``min_delay`` or more, whatever the
        latency.
        """
        if self.min_delay <= 0:
            return
        with self._thread_lock, self._locked() as (read, write):
            state = read()
            write(_State(max(state.last, self._clock()), state.paused_until))

    def pause(self, seconds: float) -> None:
        """No process sends a request through this limiter for ``seconds`` (at most MAX_PAUSE) from now."""
        seconds = min(seconds, MAX_PAUSE)
        if seconds <= 0:
            return
        with self._thread_lock, self._locked() as (read, write):
            state = read()
            write(_State(state.last, max(state.paused_until, self._clock() + seconds)))

    def paused_for(self) -> float:
        """The seconds left of a pause any process set, 0 when none is running."""
        with self._thread_lock, self._locked() as (read, _):
            state = read()
        now = self._clock()
        if state.paused_until > now + MAX_PAUSE:
            return 0.0
        return max(0.0, state.paused_until - now)

    @contextmanager
    def request(self, within: float | None = None) -> Iterator[float]:
        """Wait for a turn (yielding the seconds waited; none further than ``within`` seconds off),
        then mark the request done when the block exits."""
        waited = self.wait(within)
        try:
            yield waited
        finally:
            self.done()

    @contextmanager
    def _locked(self) -> Iterator[tuple[Callable[[], _State], Callable[[_State], None]]]:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)

            def read() -> _State:
                try:
                    data = json.loads(os.pread(fd, 4096, 0) or b"{}")
                    return _State(float(data.get("last", 0.0)), float(data.get("paused_until", 0.0)))
                except (ValueError, TypeError, AttributeError):  # a damaged file means "no history"
                    return _State()

            def write(state: _State) -> None:
                payload = json.dumps({"last": state.last, "paused_until": state.paused_until}).encode()
                os.ftruncate(fd, 0)
                os.pwrite(fd, payload, 0)

            yield read, write
        finally:
            os.close(fd)  # closing the descriptor releases the flock
