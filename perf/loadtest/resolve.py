"""The {names} of the page list, filled from the load-test data, and the
sessions of the actors."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count, Q
from django.utils.module_loading import import_string

from kms.accounts.models import User
from kms.knowledge.models import Article, Category, Tag
from perf.data.articles import loadtest_articles
from perf.data.clusters import largest_cluster, loadtest_clusters
from perf.data.common import SAMSUN
from perf.data.registry import loadtest_firms

# Who the load test signs in as: the demo's accounts (README, Demo accounts).
ACCOUNTS = {"staff": "staff.samsun@example.org", "manager": "manager@example.org"}


class MissingData(RuntimeError):
    pass


def _need(value, what: str):
    if value is None:
        raise MissingData(f"no {what}: run `python manage.py loadtest_data`")
    return value


def article() -> str:
    """A public published article from the middle of the corpus."""
    public = loadtest_articles().filter(status="published", visibility="public")
    pks = public.order_by("pk").values_list("pk", flat=True)
    count = public.count()
    pk = pks[count // 2] if count else None
    return Article.objects.get(pk=_need(pk, "published article")).slug


def category() -> str:
    """The first load-test category that has subcategories."""
    found = (
        Category.objects.filter(slug__startswith="bench-", parent=None)
        .annotate(children_count=Count("children"))
        .filter(children_count__gt=0)
        .order_by("slug")
        .first()
    )
    return _need(found, "category with subcategories").slug


def tag() -> str:
    """The knowledge base's main topic: the tag on the most articles."""
    found = Tag.objects.filter(name="ihracat").first()
    return _need(found, "tag 'ihracat'").slug


def largest_cluster_slug() -> str:
    return _need(largest_cluster(), "largest cluster").slug


def samsun_cluster() -> str:
    """The Samsun cluster with the most members."""
    found = (
        loadtest_clusters()
        .filter(province__plate=SAMSUN)
        .annotate(members=Count("memberships"))
        .order_by("-members", "pk")
        .first()
    )
    return _need(found, "Samsun cluster").slug


def samsun_firm() -> str:
    """A Samsun firm with services and figures, as on a real firm page."""
    firms = loadtest_firms().filter(province__plate=SAMSUN)
    found = (
        firms.filter(~Q(services=None), ~Q(annual_figures=None)).order_by("pk").first()
    )
    return str(_need(found, "Samsun firm").pk)


RESOLVERS = {
    "article": article,
    "category": category,
    "tag": tag,
    "largest_cluster": largest_cluster_slug,
    "samsun_cluster": samsun_cluster,
    "samsun_firm": samsun_firm,
}


def values(names: set[str]) -> dict[str, str]:
    return {name: RESOLVERS[name]() for name in sorted(names)}


def session_cookie(actor: str, *, backend: str = "") -> str:
    """A `Cookie:` value for the actor ("" for a visitor): a session made in
    the database as a login would make it, naming `backend` (by default this
    checkout's first). The server must share this process's SECRET_KEY (the
    session's auth hash is signed with it)."""
    if actor == "visitor":
        return ""
    user = User.objects.filter(email=ACCOUNTS[actor]).first()
    user = _need(user, f"account {ACCOUNTS[actor]} (seed_demo)")
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend or settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
