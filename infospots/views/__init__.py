"""Views of the infospots app, one module per area."""
