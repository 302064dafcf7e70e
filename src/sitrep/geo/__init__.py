"""Places: an offline gazetteer (GeoNames data from packages and user dumps), transliteration-aware
name normalisation, and resolution of the places an article names."""

from .gazetteer import ATTRIBUTION, Gazetteer
from .resolve import resolve_places

__all__ = ["ATTRIBUTION", "Gazetteer", "resolve_places"]
