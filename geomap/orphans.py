"""Processes a run starts must not outlive it, however it ends.

Prefect's temporary server, Dask workers and the like are child processes.
A run stopped with SIGTERM or Ctrl-C stops them on its way out; a run killed
with SIGKILL cannot, and they would run on, holding ports and files. So a run
starts a watcher: a small process of its own that, once the run is gone, ends
every process the run left (SIGTERM, then SIGKILL after a few seconds). It
knows them by a token in their environment, which every child inherits, and
by the run's children it saw while the run was alive.

    python -m geomap.orphans PID TOKEN
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import time

import psutil

# How often the watcher looks at the run's children: a child started and
# orphaned within one interval is missed, and nothing lives that briefly.
INTERVAL_S = 0.5
# How long a child has to stop after SIGTERM before it is killed.
GRACE_S = 5.0


# The environment variable that marks every process of one run.
TOKEN_VARIABLE = "GEOMAP_RUN_TOKEN"


def start_watcher() -> subprocess.Popen[bytes]:
    """Watch this process's children from a process of its own, which outlives a SIGKILL of this one.

    Call it before starting any child: the token reaches those started after it."""
    token = os.environ[TOKEN_VARIABLE] = secrets.token_hex(8)  # a run inside a run marks its own
    return subprocess.Popen(
        [sys.executable, "-m", "geomap.orphans", str(os.getpid()), token],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not in the run's process group, so a signal to the group spares it
    )


def watch(pid: int, token: str, *, interval: float = INTERVAL_S) -> list[int]:
    """Until process ``pid`` is gone, note its children; then end those still running, and any
    process with ``token`` in its environment. Their pids."""
    me = os.getpid()
    known: dict[int, psutil.Process] = {}
    try:
        parent = psutil.Process(pid)
        while parent.is_running() and parent.status() != psutil.STATUS_ZOMBIE:
            for child in parent.children(recursive=True):
                if child.pid != me:
                    known.setdefault(child.pid, child)
            time.sleep(interval)
    except psutil.NoSuchProcess:
        pass
    for process in psutil.process_iter():
        if process.pid != me and process.pid not in known and _marked(process, token):
            known[process.pid] = process
    return _end(list(known.values()))


def end_children(pid: int) -> list[int]:
    """End every process below ``pid`` now (SIGTERM, then SIGKILL); their pids."""
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return _end(children)


def _end(processes: list[psutil.Process]) -> list[int]:
    left = [p for p in processes if _running(p)]
    for process in left:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.terminate()
    _, still = psutil.wait_procs(left, timeout=GRACE_S)
    for process in still:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    return [p.pid for p in left]


def _marked(process: psutil.Process, token: str) -> bool:
    try:
        return process.environ().get(TOKEN_VARIABLE) == token
    except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess, OSError):
        return False


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


if __name__ == "__main__":
    watch(int(sys.argv[1]), sys.argv[2])
