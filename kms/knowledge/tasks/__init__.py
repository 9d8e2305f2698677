"""Celery tasks of the knowledge base: digests, moderation e-mails and the
search vocabulary."""

from . import engagement, moderation, search  # noqa: F401 (registers the tasks)
