"""Django admin of the site core: users, the knowledge base and its readers'
engagement. Importing the package registers every model."""

from . import articles, engagement, users  # noqa: F401 (registers the admins)
from .mixins import ReadOnlyAdminMixin

__all__ = ["ReadOnlyAdminMixin"]
