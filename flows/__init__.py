"""Prefect flows over the geomap library."""
