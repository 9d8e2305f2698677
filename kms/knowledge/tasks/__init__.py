"""Celery tasks of the knowledge base: digests and moderation e-mails."""

from . import engagement, moderation  # noqa: F401 (registers the tasks)
