"""``make serve``: a local Prefect server on 127.0.0.1, then ``geomap serve`` against it.

Both run in their own process groups. SIGTERM or Ctrl-C stops the serve
process first (it cancels runs in flight and pauses its deployment), then
the server; nothing is left running.

    python -m flows.local_server [--feed URL ...] [--urls FILE ...] [--sources sources.toml] [--inbox inbox]
                                 [--out maps] [--interval 60 | --cron "*/15 * * * *"] [--offline]
                                 [--port 4200] [--home .prefect-local]

With no feed, URL list, sources file or inbox, it watches the folder ``inbox``.
The server serves Prefect's UI, where each run's log links to (``--port``: its port).
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from flows.server import PrefectServer, stop_group
from geomap.errors import ServerUnreachable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flows.local_server", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inbox", type=Path, default=None)
    parser.add_argument("--feed", action="append", default=[])
    parser.add_argument("--urls", action="append", default=[], type=Path, metavar="FILE")
    parser.add_argument("--sources", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path("maps"))
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--interval", type=float)
    when.add_argument("--cron")
    parser.add_argument(
        "--offline", action="store_true", help="maps that open with no network (geomap serve --offline)"
    )
    parser.add_argument(
        "--home",
        type=Path,
        default=Path(".prefect-local"),
        help="PREFECT_HOME of the local server (its SQLite database lives here)",
    )
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)

    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.inbox is None and not args.feed and not args.urls and args.sources is None:
        args.inbox = Path("inbox")
    if args.inbox is not None:
        args.inbox.mkdir(parents=True, exist_ok=True)
    server = PrefectServer(args.home.resolve(), port=args.port)
    print(
        f"starting a Prefect server at {server.ui_url} (its UI; database under {server.home}) ...",
        file=sys.stderr,
    )
    try:
        server.start()
    except ServerUnreachable as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "geomap.cli", "serve", "--out", str(args.out)]
    command += ["--inbox", str(args.inbox)] if args.inbox is not None else []
    command += [f"--feed={url}" for url in args.feed]
    command += [f"--urls={path}" for path in args.urls]
    command += ["--sources", str(args.sources)] if args.sources is not None else []
    command += ["--offline"] if args.offline else []
    if args.cron:
        command += ["--cron", args.cron]
    else:
        command += ["--interval", str(args.interval or 60)]
    serving = subprocess.Popen(command, env=server.env(), start_new_session=True)
    try:
        while not stopping and serving.poll() is None:
            time.sleep(0.5)
    finally:
        stop_group(serving, timeout=60)  # lets runs in flight end as Cancelled
        server.stop()
    return serving.returncode if serving.returncode not in (None, -signal.SIGTERM) else 0


if __name__ == "__main__":
    raise SystemExit(main())
