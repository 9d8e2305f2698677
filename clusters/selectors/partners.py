"""Reads of partner search: who may post for whom, who stands on a post's
side, the public list and the cluster page's overview.

A post speaks for a cluster or for a firm. Its "poster side" are the people
who speak for that cluster or firm: the author; for a cluster, those who
manage it and the members of its active member firms
(`Cluster.objects.for_user`); for a firm, its own users and the staff who
can edit it. Only they see who answered.
"""

from django.db.models import Count, Prefetch, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat, Lower, Replace
from django.utils import timezone

from infospots.models import Firm, FirmMembership, NaceSection
from infospots.permissions import can_edit_firm
from infospots.selectors import province_scope
from kms.text import words

from ..models import (
    Cluster,
    ClusterMembership,
    ClusterStatus,
    PartnerInterest,
    PartnerPost,
)
from ..permissions import can_manage_cluster, can_read_cluster_internals

PAGE_SIZE = 20

# kms.text.fold in SQL: Turkish letters to ASCII before lower() (SQLite's
# lower() folds ASCII only, PostgreSQL's follows a locale that maps I to i).
_FOLD_IN_SQL = (
    ("İ", "i"),
    ("I", "i"),
    ("ı", "i"),
    ("Ç", "c"),
    ("ç", "c"),
    ("Ğ", "g"),
    ("ğ", "g"),
    ("Ö", "o"),
    ("ö", "o"),
    ("Ş", "s"),
    ("ş", "s"),
    ("Ü", "u"),
    ("ü", "u"),
    ("Â", "a"),
    ("â", "a"),
    ("Î", "i"),
    ("î", "i"),
    ("Û", "u"),
    ("û", "u"),
)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


# --- who may post ----------------------------------------------------------------


def postable_clusters(*, user) -> QuerySet:
    """Clusters the user may post for: those they manage that the public
    directory shows (a candidate's name is not published)."""
    return Cluster.objects.managed_by(user).public().select_related("province")


def postable_firms(*, user) -> QuerySet:
    """Firms the user may post for: firms with an active cluster membership
    that are the user's own firm, or that the user (staff) can edit."""
    if not _active(user):
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
        Firm.objects.filter(allowed, pk__in=members)
        .select_related("province")
        .order_by("name_key", "pk")
    )


def can_post_for_cluster(user, cluster: Cluster) -> bool:
    return _active(user) and cluster.is_public and can_manage_cluster(user, cluster)


def can_post_for_firm(user, firm: Firm) -> bool:
    if not _active(user):
        return False
    own = FirmMembership.objects.filter(user=user, firm=firm).exists()
    if not (own or can_edit_firm(user, firm)):
        return False
    return ClusterMembership.objects.active().filter(firm=firm).exists()


def can_post_partner(user) -> bool:
    """Whether the user has anyone to post for (the list's "New post" button)."""
    if not _active(user):
        return False
    return postable_clusters(user=user).exists() or postable_firms(user=user).exists()


# --- the poster side -------------------------------------------------------------


def _poster_side_q(user) -> Q:
    """Q-filter twin of `is_partner_poster_side`."""
    if not _active(user):
        return Q(pk__in=[])
    scope = province_scope(user=user)
    side = (
        Q(author=user)
        | Q(cluster__in=Cluster.objects.for_user(user).values("pk"))
        | Q(firm__in=FirmMembership.objects.filter(user=user).values("firm_id"))
    )
    if scope.everything:
        side |= Q(firm__isnull=False)
    elif scope.province_ids:
        side |= Q(firm__province__in=scope.province_ids)
    return side


def is_partner_poster_side(user, post: PartnerPost) -> bool:
    """The user speaks for the post's cluster or firm, or wrote it."""
    if not _active(user):
        return False
    if post.author_id == user.pk:
        return True
    if post.cluster_id is not None:
        return can_read_cluster_internals(user, post.cluster)
    return (
        can_edit_firm(user, post.firm)
        or FirmMembership.objects.filter(user=user, firm_id=post.firm_id).exists()
    )


def can_close_partner_post(user, post: PartnerPost) -> bool:
    """The poster side except a cluster's ordinary members, who read its
    internal pages but do not write there."""
    if not _active(user):
        return False
    if post.author_id == user.pk:
        return True
    if post.cluster_id is not None:
        return can_manage_cluster(user, post.cluster)
    return is_partner_poster_side(user, post)


# --- posts -----------------------------------------------------------------------


def public_partner_posts() -> QuerySet:
    """Open posts everyone may read (none of a cluster still a candidate)."""
    return PartnerPost.objects.open().exclude(cluster__status=ClusterStatus.CANDIDATE)


def partner_posts_visible_to(*, user) -> QuerySet:
    """Public posts, and every post (closed, expired) of the user's side."""
    public = public_partner_posts().values("pk")
    return PartnerPost.objects.filter(Q(pk__in=public) | _poster_side_q(user))


def _folded(*fields):
    """The fields, joined by spaces and folded in SQL (see _FOLD_IN_SQL)."""

    def text(value):
        return Value(value, output_field=TextField())

    expression = Concat(
        *[part for f in fields for part in (Cast(f, TextField()), text(" "))],
        output_field=TextField(),
    )
    for letter, ascii_letter in _FOLD_IN_SQL:
        expression = Replace(expression, text(letter), text(ascii_letter))
    return Lower(expression)


def partner_posts_for_list(
    *, kind: str = "", sector: NaceSection | None = None, q: str = ""
) -> QuerySet:
    """The public list: open posts, newest first, filtered.

    `q` matches every word in the topic or the description, Turkish letters
    folded as `kms.text.fold` does ("GIDA" finds "gıda").
    """
    posts = public_partner_posts().select_related("cluster", "firm__province")
    if kind:
        posts = posts.filter(kind=kind)
    if sector is not None:
        posts = posts.filter(sectors=sector)
    terms = words(q)
    if terms:
        posts = posts.annotate(search_text=_folded("topic", "description"))
        for term in terms:
            posts = posts.filter(search_text__contains=term)
    return posts.prefetch_related("sectors").order_by("-created_at", "-pk")


def partner_post_for_detail(*, user, pk: int) -> QuerySet:
    """The one post behind the detail page, or an empty queryset (404)."""
    return (
        partner_posts_visible_to(user=user)
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
    if not _active(user):
        return None
    return PartnerInterest.objects.filter(post=post, user=user).first()


def partner_overview(*, cluster, user) -> dict:
    """Context for the partner-search part of the cluster's internal page.

    Every post of the cluster (open, closed, expired) with its number of
    answers; the answers themselves only for those on the cluster's side.
    """
    answers_visible = _active(user) and can_read_cluster_internals(user, cluster)
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
