"""Connections to checked addresses only: the fetch policy where the socket is opened.

The check of :class:`~geomap.addresses.AddressPolicy` has to be made on the
address a connection actually goes to. Checking a URL's host name and then
letting the HTTP library connect to it would resolve the name twice, and a DNS
answer that changes in between (DNS rebinding) would take the connection to an
address nobody checked. So the check is made where the socket is opened:

- :class:`PinnedAdapter` is a ``requests`` adapter whose connection pools make
  :class:`PinnedHTTPConnection` and :class:`PinnedHTTPSConnection`;
- these open their socket themselves: the host is resolved once, every
  address of the answer checked, and the socket connected to one of those
  very addresses (:func:`_pinned_socket`). Everything else is urllib3's: the
  ``Host`` header keeps the URL's name, and TLS keeps it for SNI and for the
  certificate check, since urllib3 wraps the socket with the connection's host.

A refused address raises :class:`~geomap.errors.AddressRefused` before any byte
is sent; it is no network error, so neither urllib3 nor requests retries or
wraps it. Keep-alive connections are pooled per origin (scheme, host, port),
so a connection reused is one made to a checked address of the same origin.
The connections are stoppable ones too (:mod:`geomap.stopping`): nothing is sent
once the process is stopping.
"""

from __future__ import annotations

import socket
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.poolmanager import PoolManager
from urllib3.util.connection import create_connection

from ..addresses import AddressPolicy
from ..stopping import StoppableHTTPConnection, StoppableHTTPSConnection


def _pinned_socket(connection: HTTPConnection, scheme: str, policy: AddressPolicy) -> socket.socket:
    """A socket connected to an address ``policy`` checked for the connection's host, with
    urllib3's own errors for a name that does not resolve and an address that does not answer."""
    try:
        addresses = policy.addresses(scheme, connection.host, connection.port)
    except socket.gaierror as exc:
        raise NameResolutionError(connection.host, connection, exc) from exc
    error: Exception = NewConnectionError(connection, f"Failed to establish a new connection: {connection.host}")
    for address in addresses:
        try:
            return create_connection(
                (address, connection.port),  # an address: resolved again to itself, never to another
                connection.timeout,
                source_address=connection.source_address,
                socket_options=connection.socket_options,
            )
        except TimeoutError as exc:
            error = ConnectTimeoutError(
                connection, f"Connection to {connection.host} timed out. (connect timeout={connection.timeout})"
            )
            error.__cause__ = exc
        except OSError as exc:
            error = NewConnectionError(connection, f"Failed to establish a new connection: {exc}")
            error.__cause__ = exc
    raise error


class PinnedHTTPConnection(StoppableHTTPConnection):
    """An ``http`` connection to an address its policy checked."""

    def __init__(self, *args: Any, policy: AddressPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy

    def _new_conn(self) -> socket.socket:
        return _pinned_socket(self, "http", self.policy)


class PinnedHTTPSConnection(StoppableHTTPSConnection):
    """An ``https`` connection to an address its policy checked; TLS still checks the host name."""

    def __init__(self, *args: Any, policy: AddressPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy

    def _new_conn(self) -> socket.socket:
        return _pinned_socket(self, "https", self.policy)


class _PinnedPoolManager(PoolManager):
    def __init__(self, policy: AddressPolicy, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.policy = policy

    def _new_pool(
        self, scheme: str, host: str, port: int, request_context: dict[str, Any] | None = None
    ) -> HTTPConnectionPool:
        pool = super()._new_pool(scheme, host, port, request_context)
        pool.ConnectionCls = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
        pool.conn_kw = {**pool.conn_kw, "policy": self.policy}
        return pool


class PinnedAdapter(HTTPAdapter):
    """A ``requests`` adapter that connects only where ``policy`` allows. A session with proxies
    would connect to the proxy instead, unchecked: the fetcher's session has none."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy  # before HTTPAdapter.__init__, which makes the pool manager
        super().__init__()

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        self._pool_connections = connections
        self._pool_maxsize = maxsize
        self._pool_block = block
        self.poolmanager = _PinnedPoolManager(
            self.policy, num_pools=connections, maxsize=maxsize, block=block, **pool_kwargs
        )
