"""The fetch policy: a feed (or a page it names) cannot make geomap read a private or local service.

A news site on 127.0.0.1 is the feed the user gave; a canary, another server
on 127.0.0.1 and another port, stands for an internal service. Whatever the
feed names (the canary's address, ``localhost``, a redirect to it, a name
that resolves to it), nothing reaches the canary unless the user allows its
address, and every item left out is listed with its reason.
"""

from __future__ import annotations

import ipaddress
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from geomap.addresses import AddressPolicy, parse_allowed_address, refusal
from geomap.errors import AddressRefused, ConfigurationError, FetchError
from geomap.feeds.fetch import Fetcher, FetchPolicy
from geomap.feeds.gather import FeedSource, Gathered, Sources, gather
from geomap.network import RetryPolicy
from geomap.settings import Settings

from .news_site import NewsSite, page, rss

STORY = ("Barge reaches Basel", "A grain barge sailed from Rotterdam up the Rhine to Basel on Thursday.")
QUICK = FetchPolicy(min_delay=0.0, connect_timeout=2.0, retry=RetryPolicy(max_retries=1, backoff=0.01))
SECRET = ("Admin console", "Internal only: the database password is hunter2 and the backups live in Zurich.")


@pytest.fixture
def canary() -> Iterator[NewsSite]:
    """An internal service on another port: every request it gets is logged."""
    server = NewsSite().start()
    for path in ("/internal/admin", "/x", "/feed.xml", "/robots.txt"):
        server.put(path, page(*SECRET))
    yield server
    server.stop()


def port(server: NewsSite) -> int:
    return int(server.server.server_address[1])


def gather_feed(site: NewsSite, tmp_path: Path, **settings: object) -> Gathered:
    """What a run over the site's feed finds, with the fetcher a run makes for itself."""
    config = replace(Settings(data_dir=tmp_path / "data", fetch_delay=0.0), **settings)  # type: ignore[arg-type]
    return gather(Sources((FeedSource(site.url("/feed.xml")),)), config, {}.get)


def hostile_feed(site: NewsSite, canary: NewsSite) -> dict[str, str]:
    """A feed on the site whose items point at the canary every way there is; by name."""
    p = port(canary)
    site.put("/story.html", page(*STORY))
    site.redirect("/moved.html", f"http://127.0.0.1:{p}/x")
    links = {
        "own page": site.url("/story.html"),
        "other port": f"http://127.0.0.1:{p}/internal/admin?secret=1",
        "localhost": f"http://localhost:{p}/x",
        "redirect": site.url("/moved.html"),
        "same port, other name": f"http://localhost:{port(site)}/story.html",
        "file": "file:///etc/passwd",
        "data": "data:text/plain;base64,QWRtaW4gY29uc29sZQ==",
        "javascript": "javascript:fetch('/internal/admin')",
    }
    items = [(link, f"Item {name}", "", "Ships on the Rhine.") for name, link in links.items()]
    site.put("/feed.xml", rss(items), "application/rss+xml")
    return links


def test_nothing_a_feed_names_reaches_another_local_port_and_each_item_says_why(
    site: NewsSite, canary: NewsSite, tmp_path: Path
) -> None:
    links = hostile_feed(site, canary)
    got = gather_feed(site, tmp_path)
    assert canary.requests() == []
    assert [a.path for a in got.articles] == [links["own page"]]  # the feed's own origin still works
    assert got.failures == ()
    reasons = {item.url: item.reason for item in got.skipped_items}
    p, q = port(canary), port(site)
    assert reasons == {
        links["other port"]: f"127.0.0.1 is a loopback address (allow it with --allow-address 127.0.0.1:{p})",
        links["localhost"]: f"localhost resolves to 127.0.0.1, a loopback address "
        f"(allow it with --allow-address 127.0.0.1:{p})",
        links["redirect"]: f"redirected to http://127.0.0.1:{p}/x: 127.0.0.1 is a loopback address "
        f"(allow it with --allow-address 127.0.0.1:{p})",
        links["same port, other name"]: f"localhost resolves to 127.0.0.1, a loopback address "
        f"(allow it with --allow-address 127.0.0.1:{q})",
        # as feedparser gives them (it writes file:///etc/passwd as file://etc/passwd)
        **{url: reasons[url] for url in reasons if not url.startswith("http")},
    }
    links_of = {url.partition(":")[0]: why for url, why in reasons.items() if not url.startswith("http")}
    assert links_of == {
        scheme: f"a {scheme}: link; only http and https pages are fetched" for scheme in ("file", "data", "javascript")
    }
    assert all(item.source == site.url("/feed.xml") for item in got.skipped_items)


def test_an_allowed_address_is_fetched_and_only_on_its_port(site: NewsSite, canary: NewsSite, tmp_path: Path) -> None:
    links = hostile_feed(site, canary)
    allowed = parse_allowed_address(f"127.0.0.1:{port(canary)}")
    got = gather_feed(site, tmp_path, allow_addresses=(allowed,))
    paths = {a.path for a in got.articles}
    assert {links["other port"], links["localhost"], links["redirect"]} <= paths
    assert len(canary.requests("/internal/admin")) == 1
    # the site's own port under another name is still another origin, on a port not allowed
    assert links["same port, other name"] in {item.url for item in got.skipped_items}


def test_a_feed_that_redirects_into_a_local_service_is_a_failure_and_not_read(
    site: NewsSite, canary: NewsSite, tmp_path: Path
) -> None:
    site.redirect("/feed.xml", canary.url("/feed.xml"))
    got = gather_feed(site, tmp_path)
    assert canary.requests() == []
    [failure] = got.failures
    assert failure.path == site.url("/feed.xml")
    assert failure.reason.startswith(f"redirected to {canary.url('/feed.xml')}: 127.0.0.1 is a loopback address")


def test_a_url_list_trusts_the_origins_it_names_and_no_redirect_out_of_them(
    site: NewsSite, canary: NewsSite, tmp_path: Path
) -> None:
    site.put("/story.html", page(*STORY))
    site.redirect("/moved.html", canary.url("/x"))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{site.url('/story.html')}\n{site.url('/moved.html')}\n", encoding="utf-8")
    config = Settings(data_dir=tmp_path / "data", fetch_delay=0.0)
    got = gather(Sources(url_lists=(str(listing),)), config, {}.get)
    assert [a.path for a in got.articles] == [site.url("/story.html")]
    assert [item.url for item in got.skipped_items] == [site.url("/moved.html")]
    assert canary.requests() == []


def test_the_address_connected_to_is_the_one_checked_not_a_later_dns_answer(canary: NewsSite, tmp_path: Path) -> None:
    """DNS rebinding: the check sees a harmless answer (127.0.0.2 here, which the user allows),
    and the system's resolver would give the canary's 127.0.0.1 if the connection asked it again.
    It does not: the socket goes to the checked address, where nothing listens."""
    asked: list[str] = []

    def first_answer(host: str, port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.2"]

    policy = AddressPolicy(allowed=(parse_allowed_address("127.0.0.2"),), resolve=first_answer)
    fetcher = Fetcher(tmp_path / "data", policy=QUICK, addresses=policy)
    try:
        with pytest.raises(FetchError):
            fetcher.fetch(f"http://localhost:{port(canary)}/x")
    finally:
        fetcher.close()
    assert canary.requests() == []
    assert asked and set(asked) == {"localhost"}

    # An answer that is the canary's address (allowed) reaches it: the connection goes to the
    # address the check was given.
    canary_answer = AddressPolicy(
        allowed=(parse_allowed_address(f"127.0.0.1:{port(canary)}"),), resolve=lambda host, port: ["127.0.0.1"]
    )
    fetcher = Fetcher(tmp_path / "data", policy=QUICK, addresses=canary_answer)
    try:
        assert fetcher.fetch(f"http://localhost:{port(canary)}/x").status == 200
    finally:
        fetcher.close()
    assert len(canary.requests("/x")) == 1


def test_one_refused_address_among_a_names_answers_refuses_the_name() -> None:
    policy = AddressPolicy(resolve=lambda host, port: ["93.184.215.14", "10.1.2.3"])
    with pytest.raises(AddressRefused, match=r"news\.example resolves to 10\.1\.2\.3, a private address"):
        policy.addresses("https", "news.example", 443)
    assert AddressPolicy(resolve=lambda host, port: ["93.184.215.14"]).addresses("https", "news.example", 443) == [
        "93.184.215.14"
    ]


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("0.0.0.0", "an unspecified address"),
        ("10.0.0.8", "a private address"),
        ("172.16.5.4", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("169.254.10.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("fd12:3456::1", "a unique-local address"),
        ("224.0.0.251", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("100.64.0.1", "a shared (carrier-grade NAT) address"),
        ("::ffff:127.0.0.1", "a loopback address (127.0.0.1 in IPv6 form)"),
        ("64:ff9b::a00:1", "a private address (10.0.0.1 in IPv6 form)"),
        ("240.0.0.1", "a private address"),
        ("8.8.8.8", None),
        ("2a00:1450:4001:80b::200e", None),
    ],
)
def test_each_kind_of_address_that_is_not_public_is_refused_with_its_name(address: str, why: str | None) -> None:
    assert refusal(ipaddress.ip_address(address)) == why


def test_allowed_addresses_are_written_as_addresses_networks_and_ports() -> None:
    loopback = ipaddress.ip_address("127.0.0.1")
    assert parse_allowed_address("127.0.0.1:8080").admits(loopback, 8080)
    assert not parse_allowed_address("127.0.0.1:8080").admits(loopback, 8081)
    assert parse_allowed_address("127.0.0.0/8").admits(loopback, 1)
    assert parse_allowed_address("[::1]:8080").admits(ipaddress.ip_address("::1"), 8080)
    assert parse_allowed_address("127.0.0.1").admits(ipaddress.ip_address("::ffff:127.0.0.1"), 80)
    assert [str(parse_allowed_address(v)) for v in ("127.0.0.1:8080", "10.0.0.0/8", "[::1]:80", "fd00::/8")] == [
        "127.0.0.1:8080",
        "10.0.0.0/8",
        "[::1]:80",
        "fd00::/8",
    ]
    for bad in ("localhost:8080", "127.0.0.1:http", "127.0.0.1:70000", "[::1", "10.0.0.0/33"):
        with pytest.raises(ConfigurationError, match="expected an IP address or network"):
            parse_allowed_address(bad)


def test_allowed_addresses_come_from_the_environment_and_travel_with_the_settings() -> None:
    settings = Settings.from_env({"GEOMAP_ALLOW_ADDRESSES": "127.0.0.1:8080, 10.0.0.0/8"})
    assert [str(a) for a in settings.allow_addresses] == ["127.0.0.1:8080", "10.0.0.0/8"]
    assert Settings.from_env(settings.to_environ()) == settings
    with pytest.raises(ConfigurationError, match="GEOMAP_ALLOW_ADDRESSES 'intranet'"):
        Settings.from_env({"GEOMAP_ALLOW_ADDRESSES": "intranet"})


@pytest.mark.process
def test_run_explains_an_allow_address_it_cannot_read(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "run", "--feed", "http://127.0.0.1:9/f", "--allow-address", "intranet"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "argument --allow-address: expected an IP address or network" in done.stderr


def test_a_runs_summary_counts_and_lists_what_it_did_not_fetch(
    site: NewsSite, canary: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from geomap.cli import EXIT_OK, report_run
    from geomap.pipeline import run

    site.put(
        "/feed.xml",
        rss([(canary.url("/internal/admin"), "Admin", "", ""), ("javascript:void(0)", "Menu", "", "")]),
        "application/rss+xml",
    )
    config = Settings(data_dir=tmp_path / "data", out_dir=tmp_path / "maps", fetch_delay=0.0, offline_maps=True)
    sources = Sources((FeedSource(site.url("/feed.xml")),))
    summary = run([], config, sources=sources)
    assert canary.requests() == []
    assert summary.ok and summary.results == () and summary.failures == ()
    assert [item.url for item in summary.skipped_items] == ["javascript:void(0)", canary.url("/internal/admin")]
    assert report_run(summary, [site.url("/feed.xml")], config) == EXIT_OK
    said = capsys.readouterr().err.splitlines()
    assert f"geomap: not fetched {canary.url('/internal/admin')}: 127.0.0.1 is a loopback address " in said[1]
    assert said[1].endswith(f"(listed by {site.url('/feed.xml')})")
    assert said[-1] == f"geomap: mapped 0 articles, 2 not fetched; maps in {config.out_dir}/"


@pytest.fixture
def other_canary() -> Iterator[NewsSite]:
    server = NewsSite().start()
    server.put("/x", page(*SECRET))
    yield server
    server.stop()


@pytest.mark.slow
@pytest.mark.process
def test_geomap_run_fetches_a_local_address_only_when_allowed(
    site: NewsSite, canary: NewsSite, other_canary: NewsSite, tmp_path: Path
) -> None:
    import os

    site.put("/story.html", page(*STORY))
    canary.put("/story.html", page("Ferry reaches Calais", "A ferry sailed from Dover to Calais on Friday."))
    items = [site.url("/story.html"), canary.url("/story.html"), other_canary.url("/x")]
    site.put("/feed.xml", rss([(url, "Story", "", "") for url in items]), "application/rss+xml")
    out = tmp_path / "maps"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "geomap.cli",
            "run",
            "--feed",
            site.url("/feed.xml"),
            "--allow-address",
            f"127.0.0.1:{port(canary)}",
            "--out",
            str(out),
            "--offline",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "GEOMAP_FETCH_DELAY": "0"},
    )
    assert done.returncode == 0, done.stderr
    assert other_canary.requests() == []
    assert len(canary.requests("/story.html")) == 1
    assert (
        f"geomap: not fetched {other_canary.url('/x')}: 127.0.0.1 is a loopback address "
        f"(allow it with --allow-address 127.0.0.1:{port(other_canary)}) (listed by {site.url('/feed.xml')})"
    ) in done.stderr.splitlines()
    assert f"geomap: mapped 2 articles, 1 not fetched; maps in {out}/" in done.stderr.splitlines()


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """A certificate for ``name`` and its key, signed by itself."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def test_https_to_a_checked_address_keeps_the_urls_name_for_sni_the_certificate_and_host(tmp_path: Path) -> None:
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import requests

    from geomap.feeds.transport import PinnedAdapter

    cert, key = self_signed(tmp_path, "localhost")
    hosts: list[str | None] = []
    server_names: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hosts.append(self.headers.get("Host"))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    p = int(server.server_address[1])
    try:
        for host in ("localhost", "127.0.0.1"):
            with requests.Session() as session:
                session.trust_env = False
                session.mount("https://", PinnedAdapter(AddressPolicy.trusting([f"https://{host}:{p}/"])))
                if host == "localhost":
                    assert session.get(f"https://{host}:{p}/x", verify=str(cert), timeout=5).text == "ok"
                else:  # the same server, asked by its address: the certificate names localhost only
                    with pytest.raises(requests.exceptions.SSLError):
                        session.get(f"https://{host}:{p}/x", verify=str(cert), timeout=5)
    finally:
        server.shutdown()
        server.server_close()
    assert hosts == [f"localhost:{p}"]
    assert server_names[0] == "localhost"


def test_a_long_data_link_is_listed_cut_short() -> None:
    from geomap.feeds.entries import SHOWN_LINK_CHARS, read_feed

    link = "data:text/plain;base64," + "QUJD" * 2000
    feed = rss([(link, "A whole document in a link", "", ""), ("mailto:desk@example.org", "Write to us", "", "")])
    items = read_feed(feed.encode(), feed_url="https://news.example/feed.xml")
    assert items.entries == ()
    [data, mail] = items.skipped
    assert len(data.url) == SHOWN_LINK_CHARS and data.url.endswith("...") and link.startswith(data.url[:-3])
    assert mail.reason == "a mailto: link; only http and https pages are fetched"
