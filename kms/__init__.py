"""KMS: the project package and the site core (users, roles, knowledge base)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
