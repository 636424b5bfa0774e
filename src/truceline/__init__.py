"""Truceline: a ceasefire monitoring and verification system."""

__version__ = "0.1.0"
