"""Chainable row filters of the knowledge base."""

from django.db import models


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published", published_at__isnull=False)

    def visible_to(self, user):
        """Published articles the user may read: members-only ones need a login."""
        articles = self.published()
        if not (user.is_authenticated and user.is_active):
            articles = articles.filter(visibility="public")
        return articles

    def search(self, query: str):
        """Articles whose title or summary holds every word of `query`."""
        from .text import words

        articles = self
        for word in words(query)[:10]:
            articles = articles.filter(search_text__contains=word)
        return articles
