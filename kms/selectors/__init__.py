"""Reads of the site core and the knowledge base, one module per concern."""

from .home import HomeFacts, home_facts

__all__ = ["HomeFacts", "home_facts"]
