"""Reads of the knowledge base, one module per concern."""
