"""geomap: map what news articles say happened, and where."""

__version__ = "0.1.0"
