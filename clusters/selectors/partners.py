"""Reads of partner search: whom a user may post for, the public list, a
post's page and the cluster page's overview.

Who may post, and who stands on a post's side (sees its answers, closes
it), are predicates in clusters/permissions.py; their Q-filter twins are
`PartnerPost.objects.public()`, `.poster_side(user)` and `.visible_to(user)`.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from infospots.models import Firm, FirmMembership, NaceSection
from infospots.scoping import province_scope
from kms.accounts.permissions import is_signed_in
from kms.core.text import words

from ..models import Cluster, ClusterMembership, PartnerInterest, PartnerPost
from ..permissions import (
    can_post_for_cluster,
    can_read_cluster_internals,
    is_partner_poster_side,
)

PAGE_SIZE = 20


# --- whom a user may post for ----------------------------------------------------


def postable_clusters(*, user) -> QuerySet:
    """Clusters the user may post for (twin of `can_post_for_cluster`): those
    they manage that the public directory shows."""
    return Cluster.objects.in_provinces_of(user).public().select_related("province")


def postable_firms(*, user) -> QuerySet:
    """Firms the user may post for (twin of `can_post_for_firm`): listed
    publicly, with an active cluster membership, and the user's own firm or
    one the user (staff) can edit."""
    if not is_signed_in(user):
        return Firm.objects.none()
    scope = province_scope(user=user)
    mine = Q(pk__in=FirmMembership.objects.filter(user=user).values("firm_id"))
    if scope.everything:
        allowed = Q()
    elif scope.province_ids:
        allowed = mine | Q(province__in=scope.province_ids)
    else:
        allowed = mine
    members = ClusterMembership.objects.active().values("firm_id")
    return (
        Firm.objects.filter(allowed, listed_publicly=True, pk__in=members)
        .select_related("province")
        .order_by("name_key", "pk")
    )


def can_post_partner(*, user) -> bool:
    """Whether the user has anyone to post for (the list's "New post" button)."""
    if not is_signed_in(user):
        return False
    return postable_clusters(user=user).exists() or postable_firms(user=user).exists()


# --- posts -----------------------------------------------------------------------


def partner_posts_for_list(
    *, kind: str = "", sector: NaceSection | None = None, q: str = ""
) -> QuerySet:
    """The public list: public posts, newest first, filtered.

    `q` matches every word in the topic or the description through the
    stored `search_key`, Turkish letters folded as `kms.core.text.fold` does
    ("GIDA" finds "gıda").
    """
    posts = PartnerPost.objects.public().select_related("cluster", "firm__province")
    if kind:
        posts = posts.filter(kind=kind)
    if sector is not None:
        posts = posts.filter(sectors=sector)
    for term in words(q):
        posts = posts.filter(search_key__contains=term)
    return posts.prefetch_related("sectors").order_by("-created_at", "-pk")


def partner_post_for_detail(*, user, pk: int) -> QuerySet:
    """The one post behind the detail page, or an empty queryset (404)."""
    return (
        PartnerPost.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("cluster", "firm__province", "author")
        .prefetch_related("sectors")
    )


def partner_answers(*, user, post: PartnerPost) -> list[PartnerInterest]:
    """Who answered `post`: for its poster side only, nobody else."""
    if not is_partner_poster_side(user, post):
        return []
    return list(post.interests.select_related("user", "firm").order_by("created_at"))


def own_interest(*, user, post: PartnerPost) -> PartnerInterest | None:
    if not is_signed_in(user):
        return None
    return PartnerInterest.objects.filter(post=post, user=user).first()


def partner_overview(*, cluster, user) -> dict:
    """Context for the partner-search part of the cluster's internal page.

    Every post of the cluster (open, closed, expired) with its number of
    answers; the answers themselves only for those on the cluster's side.
    """
    answers_visible = is_signed_in(user) and can_read_cluster_internals(user, cluster)
    posts = (
        PartnerPost.objects.filter(cluster=cluster)
        .annotate(n_interests=Count("interests"))
        .order_by("-created_at", "-pk")
    )
    if answers_visible:
        posts = posts.prefetch_related(
            Prefetch(
                "interests",
                queryset=PartnerInterest.objects.select_related(
                    "user", "firm"
                ).order_by("created_at", "pk"),
                to_attr="answers",
            )
        )
    today = timezone.localdate()
    posts = list(posts)
    for post in posts:
        post.state = partner_post_state(post, today)
    return {
        "partner_posts": posts,
        "partner_answers_visible": answers_visible,
        "can_post_partner": can_post_for_cluster(user, cluster),
    }


def partner_post_state(post: PartnerPost, today=None) -> str:
    """ "open", "closed" (by its poster) or "expired" (its date has passed)."""
    if post.closed_at is not None:
        return "closed"
    if post.expires_on < (today or timezone.localdate()):
        return "expired"
    return "open"
