"""Sumai: the platform that runs Japan's Housing Safety Net system (住宅セーフティネット制度)."""

__version__ = "0.1.0"
