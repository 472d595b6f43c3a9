"""The one error tree of geomap.

Every error raised on purpose by the library derives from :class:`GeomapError`.
Where a built-in exception has the same meaning, the subclass inherits it too,
so callers that only know the built-ins still catch the right thing.
"""

from __future__ import annotations


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class ConfigurationError(GeomapError, ValueError):
    """A setting or an option has a value geomap cannot use."""


class ArticleError(GeomapError, ValueError):
    """An article cannot be read or parsed.

    The message names the file and the reason in one line, so that a run over
    many articles can report it and go on with the others.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class InputNotFound(ConfigurationError):
    """A file or folder named as input does not exist."""


class NoArticlesFound(GeomapError, LookupError):
    """The inputs hold no article file (an empty folder, geomap's own output folder, an empty store)."""


class ModelNotFoundError(ConfigurationError):
    """The configured spaCy model is not installed."""


class GazetteerError(GeomapError, RuntimeError):
    """The gazetteer index is missing, damaged or cannot be built."""


class ServiceError(GeomapError, RuntimeError):
    """A request to a network service (a geocoder, a news site) failed."""


class ServiceUnavailable(ServiceError):
    """A network service could not answer, for good after its retries."""


class ServiceRejected(ServiceError):
    """A network service refused the request (a 4xx other than 429)."""


class DeadlinePassed(ServiceUnavailable):
    """A source's deadline (a feed's, a page's, a geocoder look-up's) passed, or would before its
    next request could be sent: :class:`geomap.network.Deadline`."""


class AnswerTooBig(ServiceRejected):
    """An answer over the size limit: refused, and no more of it read. ``size`` is the size it
    declared, when it declared one over the limit."""

    def __init__(self, limit: int, size: int | None = None) -> None:
        super().__init__(f"an answer over the limit of {limit} bytes")
        self.size = size


class AnswerCutOff(ServiceUnavailable):
    """An answer that did not come whole: it broke off, or it was not complete at its deadline
    (``timed_out``)."""

    def __init__(self, what: str, *, timed_out: bool = False) -> None:
        super().__init__(what)
        self.timed_out = timed_out


class Stopped(GeomapError, RuntimeError):
    """The process was told to stop (SIGTERM, Ctrl-C): no request is sent from then on
    (:mod:`geomap.stopping`)."""


class GeocoderError(GeomapError, RuntimeError):
    """A geocoding back-end failed."""


class GeocoderConfigurationError(GeocoderError, ConfigurationError):
    """A geocoding back-end is misconfigured (unknown name, no user agent...)."""


class GeocoderUnavailable(GeocoderError, ServiceUnavailable):
    """A network back-end failed for good after its retries."""


class GeocoderRejected(GeocoderError, ServiceRejected):
    """A network back-end refused the request (a 4xx other than 429)."""


class FetchError(ServiceError):
    """A feed or an article page could not be fetched, or holds nothing geomap can read."""


class FetchUnavailable(FetchError, ServiceUnavailable):
    """A site could not answer, for good after the retries (timeouts, 429, 5xx)."""


class FetchRejected(FetchError, ServiceRejected):
    """A site refused the request, or geomap refuses to make it (robots.txt, a scheme other than
    http(s), a redirect loop, a page over the size limit)."""


class AddressRefused(FetchRejected):
    """geomap refuses to connect to an address its fetch policy forbids (loopback, private,
    link-local, metadata...): :mod:`geomap.addresses`."""


class StoreError(GeomapError, RuntimeError):
    """The result store cannot be opened or written."""


class CorpusError(GeomapError, ValueError):
    """An evaluation or benchmark corpus is not in the expected format."""


class ServerUnreachable(GeomapError, RuntimeError):
    """No Prefect server answers where scheduling needs one."""


class OutputBusy(GeomapError, RuntimeError):
    """Another process holds the output folder (a second ``geomap serve`` on it)."""


class OutputError(GeomapError, OSError):
    """An output (a map, the index, the store's folder) cannot be written: a read-only or full disk."""
