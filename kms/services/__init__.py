"""Writes of the site core and the knowledge base, one module per concern.

The user and article services are re-exported here for other apps.
"""

from .articles import article_read, article_save, render_markdown
from .attachments import save_checked_upload
from .users import ROLE_CHANGE_FORBIDDEN, user_set_role

__all__ = [
    "ROLE_CHANGE_FORBIDDEN",
    "article_read",
    "article_save",
    "render_markdown",
    "save_checked_upload",
    "user_set_role",
]
