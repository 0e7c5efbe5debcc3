"""Gazette: question answering over news archives, with citations."""

__version__ = "0.1.0"
