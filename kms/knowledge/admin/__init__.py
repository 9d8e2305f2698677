"""Django admin of the knowledge base and its readers' engagement. Importing
the package registers every model."""

from . import articles, engagement  # noqa: F401 (registers the admins)
