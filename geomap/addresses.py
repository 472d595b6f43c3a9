"""Which network addresses geomap may connect to when it fetches: the fetch policy.

A feed is written by someone else, and ``geomap serve`` reads it unattended:
a feed that names ``http://127.0.0.1:8080/admin``, a name that resolves to
``10.0.0.5``, or a page that redirects to ``169.254.169.254`` would otherwise
make geomap read a service that only the server can reach, and publish it.

:class:`AddressPolicy` decides, for one connection, which addresses it may
use: it resolves the host once and checks every address the answer gives.
Loopback, private, unique-local, link-local, shared (carrier-grade NAT),
multicast, unspecified, reserved and cloud metadata addresses, and any other
address that is not public, are refused with a one-line reason
(:class:`~geomap.errors.AddressRefused`). An IPv6 address that carries an IPv4
one (IPv4-mapped, NAT64, 6to4) is judged by the IPv4 address it carries.

Two things are let through:

- the exact origins (scheme, host and port) of the feeds and URLs the user
  gave: a feed on ``http://127.0.0.1:8080`` and its pages on the same origin
  are fetched; ``http://127.0.0.1:8081`` or ``http://localhost:8080`` are
  other origins, and are checked;
- the addresses the user allows (``--allow-address``,
  ``GEOMAP_ALLOW_ADDRESSES``): an address or a network, with or without a port.

The caller connects to the addresses :meth:`AddressPolicy.addresses` returns,
never to the name again (:mod:`geomap.feeds.transport`), so that a DNS answer
that changes between the check and the connection cannot bring it elsewhere.
This module only decides; it opens nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import AddressRefused, ConfigurationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud metadata services: AWS, GCP, Azure, OpenStack and others (169.254.169.254, also fd00:ec2::254
# on AWS), Azure's host service (168.63.129.16, a public address) and Alibaba Cloud's (100.100.100.200).
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "168.63.129.16", "100.100.100.200")
)
# Shared address space between a carrier and its customers (RFC 6598): not private, not public either.
SHARED_NETWORK = ipaddress.IPv4Network("100.64.0.0/10")
# The NAT64 well-known prefix (RFC 6052): 64:ff9b::7f00:1 is 127.0.0.1 through a translator.
NAT64_NETWORK = ipaddress.IPv6Network("64:ff9b::/96")
# IPv6 unique-local addresses (RFC 4193), IPv6's private networks.
UNIQUE_LOCAL_NETWORK = ipaddress.IPv6Network("fc00::/7")
_DEFAULT_PORTS = {"http": 80, "https": 443}

# (scheme, host, port), host in lower case without brackets or a trailing dot.
Origin = tuple[str, str, int]
# What a name resolves to: its addresses, for the port asked (``socket.getaddrinfo``'s answers).
Resolver = Callable[[str, int], list[str]]


def origin(url: str) -> Origin:
    """The origin of an http(s) URL: scheme, host and port (the scheme's default if none)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, normal_host(parts.hostname or ""), parts.port or _DEFAULT_PORTS.get(scheme, 80)


def normal_host(host: str) -> str:
    """A host as origins compare it: lower case, no IPv6 brackets, no trailing dot."""
    return host.strip("[]").rstrip(".").lower()


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host``, in its order, each once."""
    answers = socket.getaddrinfo(host, port, socket.AF_UNSPEC, socket.SOCK_STREAM)
    return list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in answers))


@dataclass(frozen=True, slots=True)
class AllowedAddress:
    """An address or network the user lets geomap connect to, on one port or on any."""

    network: IPNetwork
    port: int | None = None

    def admits(self, address: IPAddress, port: int) -> bool:
        """Whether this admits ``address`` (or the IPv4 address it carries) on ``port``."""
        if self.port not in (None, port):
            return False
        forms = (address, carried_ipv4(address))
        return any(a is not None and a.version == self.network.version and a in self.network for a in forms)

    def __str__(self) -> str:
        single = self.network.num_addresses == 1
        where = str(self.network.network_address) if single else str(self.network)
        if self.port is None:
            return where
        return f"[{where}]:{self.port}" if self.network.version == 6 else f"{where}:{self.port}"


def parse_allowed_address(value: str, name: str = "--allow-address") -> AllowedAddress:
    """``127.0.0.1:8080``, ``10.0.0.0/8``, ``[::1]:8080``, ``fd00::/8`` or ``192.168.1.5`` as an
    :class:`AllowedAddress`; ConfigurationError naming the option or variable ``name`` for anything
    else (host names included: the policy is about addresses, whatever a name resolves to)."""
    text = value.strip()
    port: int | None = None
    where = text
    if text.startswith("["):
        where, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise _not_an_address(value, name)
        port_text = rest[1:] if rest else None
    elif text.count(":") == 1:
        where, _, port_text = text.partition(":")
    else:
        port_text = None
    if port_text is not None:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise _not_an_address(value, name)
        port = int(port_text)
    try:
        network = ipaddress.ip_network(where, strict=False)
    except ValueError:
        raise _not_an_address(value, name) from None
    return AllowedAddress(network, port)


def parse_allowed_addresses(text: str, name: str) -> tuple[AllowedAddress, ...]:
    """The addresses of a list separated by commas or spaces, as ``GEOMAP_ALLOW_ADDRESSES`` has them."""
    return tuple(parse_allowed_address(v, name) for v in text.replace(",", " ").split())


def _not_an_address(value: str, name: str) -> ConfigurationError:
    return ConfigurationError(
        f"{name} {value!r}: expected an IP address or network with an optional port, "
        "such as 127.0.0.1:8080, 10.0.0.0/8 or [::1]:8080"
    )


def refusal(address: IPAddress) -> str | None:
    """Why geomap does not connect to ``address`` ("a loopback address"); None for a public one."""
    carried = carried_ipv4(address)
    if carried is not None:
        why = refusal(carried)
        return f"{why} ({carried} in IPv6 form)" if why else None
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    checks: tuple[tuple[bool, str], ...] = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address in SHARED_NETWORK, "a shared (carrier-grade NAT) address"),
        (address.version == 6 and address in UNIQUE_LOCAL_NETWORK, "a unique-local address"),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a public address"),
    )
    return next((why for refused, why in checks if refused), None)


def carried_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (IPv4-mapped, NAT64, 6to4); None otherwise."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in NAT64_NETWORK:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Where one fetcher may connect: public addresses, the exact ``origins`` the user gave, and
    the ``allowed`` addresses. ``resolve`` is the system resolver but in tests that need a DNS
    answer of their own (a name that resolves elsewhere the second time it is asked)."""

    origins: frozenset[Origin] = frozenset()
    allowed: tuple[AllowedAddress, ...] = ()
    resolve: Resolver = field(default=system_resolver, compare=False)

    @classmethod
    def trusting(cls, urls: Iterable[str], allowed: Iterable[AllowedAddress] = ()) -> AddressPolicy:
        """The policy of a run whose user gave ``urls`` (feeds and listed pages) and ``allowed``."""
        return cls(frozenset(origin(u) for u in urls), tuple(allowed))

    def addresses(self, scheme: str, host: str, port: int) -> list[str]:
        """The addresses to connect to for ``scheme://host:port``, resolved once: every one of them
        is checked, and one refused address refuses the host (AddressRefused, a one-line reason).
        ``socket.gaierror`` when the name does not resolve."""
        name = normal_host(host)
        found = self.resolve(name, port)
        if (scheme.lower(), name, port) in self.origins:
            return found
        for text in found:
            address = ipaddress.ip_address(text.partition("%")[0])
            why = refusal(address)
            if why is None or any(a.admits(address, port) for a in self.allowed):
                continue
            shown = f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"
            said = f"{address} is" if name == str(address) else f"{name} resolves to {address},"
            raise AddressRefused(f"{said} {why} (allow it with --allow-address {shown})")
        return found
