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

    def readable_by(self, user):
        """What an article page may show `user`: published articles as in
        `visible_to`, the user's own at any status, and the submitted and
        returned articles they moderate. Twin of kms.permissions."""
        readable = models.Q(status="published", published_at__isnull=False)
        if not (user.is_authenticated and user.is_active):
            return self.filter(readable, visibility="public")
        readable |= models.Q(author=user)
        scope = moderation_scope(user)
        if scope is not None:
            readable |= scope & models.Q(status__in=["submitted", "returned"])
        return self.filter(readable)

    def moderatable_by(self, user):
        """Articles of the provinces `user` moderates, at any status."""
        scope = moderation_scope(user)
        return self.none() if scope is None else self.filter(scope)

    def needing_review(self, *, cutoff):
        """Published articles neither updated nor published since `cutoff`."""
        return self.published().filter(updated_at__lt=cutoff, published_at__lt=cutoff)

    def search(self, query: str):
        """Articles matching `query`, annotated with `search_rank`, best first
        (full-text and trigram on PostgreSQL, word prefixes on SQLite: see
        kms.search). A query without words changes nothing."""
        from .search import search

        return search(self, query)


def moderation_scope(user, path: str = "province") -> models.Q | None:
    """Rows whose province `user` moderates, as one SQL condition; None when
    they moderate nothing.

    The same answer as infospots.selectors.province_scope (national roles:
    everything; staff: their Info Spot's province; articles without a
    province only for national roles), but as a subquery, so that a count in
    the navigation costs one query rather than two.
    """
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_national:
        return models.Q()
    if user.is_info_spot_staff:
        from infospots.models import InfoSpot

        provinces = InfoSpot.objects.filter(staff_assignments__user=user)
        return models.Q(**{f"{path}__in": provinces.values("province")})
    return None
