"""youthcop — long-term police–youth trust-building programmes for Wagtail."""

__version__ = "0.1.0"
