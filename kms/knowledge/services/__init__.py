"""Writes of the site core and the knowledge base, one module per concern.

The user and article services are re-exported here for other apps.
"""

from kms.accounts.services import ROLE_CHANGE_FORBIDDEN, user_set_role
from kms.core.uploads import save_checked_upload

from .articles import article_save, render_markdown
from .reads import article_read

__all__ = [
    "ROLE_CHANGE_FORBIDDEN",
    "article_read",
    "article_save",
    "render_markdown",
    "save_checked_upload",
    "user_set_role",
]
