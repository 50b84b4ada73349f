"""newsgraph: raw news in; who said what, who did what to whom, where and when out."""

__version__ = "0.1.0"
