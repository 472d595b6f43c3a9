"""Geocoders: the offline gazetteer and the online services reached through geopy."""
