"""What a geocoding service's HTTP answer may be: from its own host, bounded in size and in time.

geopy's requests adapter follows redirects to any host (taking the
User-Agent and every query there), reads an answer of any size into memory,
and applies its timeout to each read, so a service that sends a byte every
few seconds holds a run for ever. :class:`GuardedAdapter` sends the same
requests, and:

- follows a redirect only to the same scheme, host and port, and refuses one
  to anywhere else, without sending anything there;
- refuses an answer over :data:`MAX_ANSWER_BYTES`, reading no more of it;
- gives the whole request, redirects and every read included, the
  geocoder's timeout as one deadline (:class:`~geomap.network.Deadline`, the
  same as fetching's; :class:`~geomap.geocoding.layers.Service` caps that
  timeout by what is left of the look-up's own deadline);
- sends nothing once the process is stopping (:mod:`geomap.stopping`).

Its failures are geopy's exceptions, so the retry and fallback rules of
:mod:`geomap.geocoding.online` apply unchanged.
"""

from __future__ import annotations

import ssl
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from geopy.adapters import AdapterHTTPError, RequestsAdapter
from geopy.exc import (
    GeocoderParseError,
    GeocoderQueryError,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)

from ..errors import AnswerCutOff, AnswerTooBig
from ..network import Deadline, read_body
from ..stopping import make_stoppable

# A geocoding answer is a few kilobytes (Nominatim's ten results with address details are
# about 20 KB); a thousand times that is no answer, and reading it would only fill memory.
MAX_ANSWER_BYTES = 10 * 1024 * 1024

# Redirects followed within the service's own origin (http to https, a trailing slash).
MAX_REDIRECTS = 3


class GuardedAdapter(RequestsAdapter):  # type: ignore[misc]  # geopy ships no type hints
    """geopy's requests adapter, with one origin, a size cap and one deadline per request."""

    def __init__(self, *, proxies: Any, ssl_context: Any, max_bytes: int = MAX_ANSWER_BYTES) -> None:
        # geopy's adapter retries on its own (urllib3 max_retries=2), behind the rate limiter's
        # back: switched off, retries happen in geomap.geocoding.online.
        super().__init__(proxies=proxies, ssl_context=ssl_context, max_retries=0)
        for adapter in self.session.adapters.values():
            make_stoppable(adapter)
        self.max_bytes = max_bytes

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        return self._fetch(url, timeout=timeout, headers=headers).text

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        response = self._fetch(url, timeout=timeout, headers=headers)
        try:
            return response.json()
        except ValueError:
            raise GeocoderParseError(f"the answer is not JSON: {response.text[:200]!r}") from None

    def _fetch(self, url: str, *, timeout: float, headers: dict[str, str]) -> requests.Response:
        deadline = Deadline.after(timeout)
        origin = _origin(url)
        for _ in range(MAX_REDIRECTS + 1):
            response = self._send(url, deadline, timeout, headers)
            if response.is_redirect:
                target = urljoin(url, response.headers.get("Location", ""))
                response.close()
                if _origin(target) != origin:
                    raise GeocoderQueryError(f"redirected to another host ({urlsplit(target).netloc}); not followed")
                url = target
                continue
            self._read(response, deadline, timeout)
            if response.status_code >= 400:
                raise AdapterHTTPError(
                    f"Non-successful status code {response.status_code}",
                    status_code=response.status_code,
                    headers=response.headers,
                    text=response.text,
                )
            return response
        raise GeocoderServiceError(f"more than {MAX_REDIRECTS} redirects")

    def _send(self, url: str, deadline: Deadline, timeout: float, headers: dict[str, str]) -> requests.Response:
        if deadline.left() <= 0:
            raise GeocoderTimedOut(f"no complete answer within {timeout:g} s")
        remaining = deadline.left()
        try:
            response: requests.Response = self.session.get(
                url, timeout=remaining, headers=headers, allow_redirects=False, stream=True
            )
            return response
        except (TimeoutError, requests.Timeout):
            raise GeocoderTimedOut(f"no answer within {timeout:g} s") from None
        except ssl.SSLError as error:
            raise GeocoderServiceError(str(error)) from None
        except requests.ConnectionError as error:
            raise GeocoderUnavailable(str(error)) from None
        except requests.RequestException as error:
            raise GeocoderServiceError(str(error)) from None

    def _read(self, response: requests.Response, deadline: Deadline, timeout: float) -> None:
        """Read the body into the response, within the deadline and the size cap."""
        try:
            response._content = read_body(response, deadline, self.max_bytes)  # what .text and .json() read
        except AnswerTooBig as exc:
            size = f"of {exc.size / 1e6:.0f} MB, " if exc.size else ""
            raise GeocoderQueryError(f"an answer {size}over the {self._cap()}; refused") from None
        except AnswerCutOff as exc:
            if exc.timed_out:
                raise GeocoderTimedOut(f"no complete answer within {timeout:g} s") from None
            raise GeocoderServiceError(f"the answer broke off ({exc})") from None

    def _cap(self) -> str:
        return f"{self.max_bytes / 1e6:g} MB limit"


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()
