"""Chainable row filters of the knowledge base.

An article belongs to the province its author worked in when writing it
(`province`, empty for national authors): staff of that province moderate
it, so `for_user` (infospots.scoping) gives the articles a user moderates.
What a reader may read is `visible_to` and `readable_by`.
"""

from django.db import models

from infospots.scoping import ScopedQuerySet, province_scope
from kms.accounts.permissions import is_signed_in


class ArticleQuerySet(ScopedQuerySet):
    def published(self):
        return self.filter(status="published", published_at__isnull=False)

    def visible_to(self, user):
        """Published articles the user may read: members-only ones need a login."""
        articles = self.published()
        if not is_signed_in(user):
            articles = articles.filter(visibility="public")
        return articles

    def readable_by(self, user):
        """What an article page may show `user`: published articles as in
        `visible_to`, the user's own at any status, and the submitted and
        returned articles they moderate. Twin of kms.knowledge.permissions."""
        readable = models.Q(status="published", published_at__isnull=False)
        if not is_signed_in(user):
            return self.filter(readable, visibility="public")
        readable |= models.Q(author=user)
        scope = province_scope(user=user)
        if scope.any:
            readable |= scope.q(self.model.province_path) & models.Q(
                status__in=["submitted", "returned"]
            )
        return self.filter(readable)

    def needing_review(self, *, cutoff):
        """Published articles neither updated nor published since `cutoff`."""
        return self.published().filter(updated_at__lt=cutoff, published_at__lt=cutoff)
