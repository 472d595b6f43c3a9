"""Real services for tests: a throwaway PostgreSQL server and a Dask cluster, on 127.0.0.1.

Each starts in its own process group and is stopped, with everything it
started, when the context ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from flows.server import free_port, stop_group

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the 'postgres' user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _binaries() -> Path:
    binaries = POSTGRES_BIN if POSTGRES_BIN.is_dir() else Path(shutil.which("initdb") or "").parent
    if not (binaries / "initdb").exists():
        raise RuntimeError("PostgreSQL server binaries not found (Debian package postgresql-15)")
    return binaries


@contextmanager
def postgres() -> Iterator[str]:
    """A new PostgreSQL cluster with a 'prefect' database; yields its asyncpg URL.

    Its files live in a fresh folder under the system temp dir (the 'postgres'
    user cannot enter pytest's private temp folders) and are removed after.
    """
    binaries = _binaries()
    root = Path(tempfile.mkdtemp(prefix="geomap-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    subprocess.run(
        _as_postgres(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "prefect",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off"
    subprocess.run(
        _as_postgres(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(root / "postgres.log"),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        subprocess.run(
            _as_postgres([str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "prefect", "prefect"]),
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield f"postgresql+asyncpg://prefect@127.0.0.1:{port}/prefect"
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
            timeout=120,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """A new, empty database on the server of ``url`` (as :func:`postgres` yields it); its URL,
    as ``geomap --store`` takes it."""
    parts = urlsplit(url.replace("postgresql+asyncpg://", "postgresql://"))
    subprocess.run(
        _as_postgres(
            [str(_binaries() / "createdb"), "-h", parts.hostname or "", "-p", str(parts.port), "-U", "prefect", name]
        ),
        check=True,
        capture_output=True,
        timeout=60,
    )
    return urlunsplit(parts._replace(path=f"/{name}"))


def psql(url: str, query: str) -> str:
    """Run one query against the database behind an asyncpg URL."""
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    done = subprocess.run(
        _as_postgres(["psql", dsn, "-At", "-c", query]), capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.strip()


def stop_postgres(url: str) -> None:
    """Stop the server of ``url`` at once, as a server that goes down (:func:`postgres` cleans up)."""
    data = psql(url, "SHOW data_directory")
    subprocess.run(
        _as_postgres([str(_binaries() / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]),
        check=True,
        capture_output=True,
        timeout=120,
    )


def password_role(url: str, role: str, password: str) -> str:
    """A role that owns the database of ``url`` and that the server lets in over TCP only with
    its password (every other role is trusted, as :func:`postgres` sets the server up); the
    database's URL for that role, without the password."""
    database = urlsplit(url).path.lstrip("/")
    psql(url, f"CREATE ROLE {role} LOGIN PASSWORD '{password}'; ALTER DATABASE {database} OWNER TO {role}")
    hba = Path(psql(url, "SHOW hba_file"))
    rules = hba.read_text()
    hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n{rules}")  # the first rule that matches counts
    loaded = psql(url, "SELECT pg_conf_load_time()")
    psql(url, "SELECT pg_reload_conf()")
    deadline = time.monotonic() + 60  # the server reloads its rules when it gets to it
    while psql(url, "SELECT pg_conf_load_time()") == loaded:
        if time.monotonic() > deadline:
            raise RuntimeError("PostgreSQL did not reload pg_hba.conf")
        time.sleep(0.1)
    parts = urlsplit(url.replace("postgresql+asyncpg://", "postgresql://"))
    return urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port}"))


@contextmanager
def dask_cluster(env: dict[str, str], log_dir: Path) -> Iterator[str]:
    """A Dask scheduler and one worker (1 process, 2 threads) on 127.0.0.1; yields the scheduler address."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    with open(log_dir / "scheduler.log", "ab") as log:
        scheduler = subprocess.Popen(
            [
                str(bin_dir / "dask"),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--dashboard-address",
                "127.0.0.1:0",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    with open(log_dir / "worker.log", "ab") as log:
        worker = subprocess.Popen(
            [
                str(bin_dir / "dask"),
                "worker",
                address,
                "--host",
                "127.0.0.1",
                "--nworkers",
                "1",
                "--nthreads",
                "2",
                "--dashboard-address",
                "127.0.0.1:0",
                "--memory-limit",
                "4GiB",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        from distributed import Client

        deadline = time.monotonic() + 120
        while True:
            try:
                with Client(address, timeout=5) as client:
                    if client.scheduler_info()["workers"]:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Dask cluster did not start; see {log_dir}")
            time.sleep(0.5)
        yield address
    finally:
        stop_group(worker)
        stop_group(scheduler)
