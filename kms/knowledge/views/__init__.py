"""Views of the site core and the knowledge base, one module per concern."""
