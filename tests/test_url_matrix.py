"""Every named URL of the portal's own apps answers each actor as declared.

A new URL fails `test_every_portal_url_is_in_the_matrix` until it is added to
MATRIX with its expected status for every actor, so none can skip the
scoping checks.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from benchmarking.models import Programme, ProvinceTarget, Target
from benchmarking.services import snapshots_compute
from clusters.models import Cooperation, Evidence
from infospots.models import FirmMembership
from kms.knowledge.models import Tag
from kms.knowledge.services.engagement import unsubscribe_token
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ArticleFactory,
    AttachmentFactory,
    ClusterFactory,
    ClusterMembershipFactory,
    FirmFactory,
    GrantApplicationFactory,
    OrganisationFactory,
    ParticipationFactory,
    PartnerPostFactory,
    ServiceFactory,
    UserFactory,
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
    b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff"
    b"\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PORTAL_APPS = ("kms", "infospots", "clusters", "benchmarking", "training")
ACTORS = ["anonymous", "member", "staff_a", "staff_b", "manager", "admin_user"]

ALL = [200, 200, 200, 200, 200, 200]
LOGGED_IN = [302, 200, 200, 200, 200, 200]
STAFF = [302, 403, 200, 200, 200, 200]
# A row of province A (Samsun) whose firm the member belongs to: staff of
# province B get the same 404 as for a missing row.
READ_A = [302, 200, 200, 404, 200, 200]
WRITE_A = [302, 403, 200, 404, 200, 200]
CONTACTS_A = [302, 404, 200, 404, 200, 200]
MISSING = [302, 404, 404, 404, 404, 404]
# POST-only endpoints answer a GET with 405 whoever asks.
POST_ONLY = [405, 405, 405, 405, 405, 405]
# An article of province A awaiting review, by another member: its author
# and its moderators (staff of A, national roles) open it, others get 404.
MODERATE_A = [302, 404, 200, 404, 200, 200]

# url name -> (reverse kwargs, or a function of the `world` fixture giving
# them; expected status per actor in ACTORS order)
MATRIX = {
    "home": ({}, ALL),
    "healthz": ({}, ALL),
    # A redirect back (to / without a `next`), with or without an account.
    "choose_language": ({}, [302] * 6),
    # The same for everyone: tests/knowledge/test_feeds.py.
    "sitemap_section": ({"section": "articles"}, ALL),
    "kms:article_list": ({}, ALL),
    "kms:article_detail": (lambda w: {"slug": w["article"].slug}, ALL),
    # Finding things: tests/knowledge/test_search.py and test_feeds.py walk
    # members-only and unpublished articles.
    "kms:category": (lambda w: {"slug": w["article"].category.slug}, ALL),
    "kms:tag": (lambda w: {"slug": w["tag"].slug}, ALL),
    "kms:feed": ({}, ALL),
    "kms:feed_atom": ({}, ALL),
    "kms:category_feed": (lambda w: {"slug": w["article"].category.slug}, ALL),
    "kms:tag_feed": (lambda w: {"slug": w["tag"].slug}, ALL),
    # Authoring and moderation: tests/knowledge/test_authoring.py, test_moderation.py
    # and test_revisions.py walk drafts, own articles and the POST endpoints.
    "kms:article_create": ({}, LOGGED_IN),
    "kms:my_articles": ({}, LOGGED_IN),
    "kms:moderation": ({}, STAFF),
    "kms:article_edit": (lambda w: {"slug": w["submitted_a"].slug}, MODERATE_A),
    "kms:article_submit": (lambda w: {"slug": w["submitted_a"].slug}, POST_ONLY),
    "kms:article_review": (lambda w: {"slug": w["submitted_a"].slug}, MODERATE_A),
    "kms:revisions": (lambda w: {"slug": w["submitted_a"].slug}, MODERATE_A),
    "kms:revision_restore": (
        lambda w: {"slug": w["submitted_a"].slug, "number": 1},
        POST_ONLY,
    ),
    # Engagement: the writes are POST-only (tests/knowledge/test_engagement.py posts
    # them per actor); the unsubscribe page needs no login, only its token.
    "kms:article_vote": (lambda w: {"slug": w["article"].slug}, POST_ONLY),
    "kms:comment_create": (lambda w: {"slug": w["article"].slug}, POST_ONLY),
    "kms:comment_flag": ({"pk": 999999}, POST_ONLY),
    "kms:comment_moderate": ({"pk": 999999}, POST_ONLY),
    "kms:bookmark": (lambda w: {"slug": w["article"].slug}, POST_ONLY),
    "kms:saved": ({}, LOGGED_IN),
    "kms:follow": ({}, POST_ONLY),
    "kms:following": ({}, LOGGED_IN),
    "kms:unsubscribe": (lambda w: {"token": w["unsubscribe_token"]}, ALL),
    # Attachments: the files page is for those who may edit the article (a
    # national author's: managers and admins); tests/knowledge/test_attachments.py
    # walks drafts, other provinces and members-only articles.
    "kms:attachments": (
        lambda w: {"slug": w["article"].slug},
        [302, 403, 403, 403, 200, 200],
    ),
    "kms:attachment_delete": (
        lambda w: {"slug": w["article"].slug, "pk": w["attachment"].pk},
        POST_ONLY,
    ),
    "kms:attachment_download": (lambda w: {"pk": w["attachment"].pk}, ALL),
    "infospots:info_spot_list": ({}, ALL),
    "infospots:info_spot_detail": (lambda w: {"slug": w["firm"].info_spot.slug}, ALL),
    "infospots:firm_directory": ({}, ALL),
    "infospots:firm_list": ({}, LOGGED_IN),
    "infospots:firm_export_csv": ({}, LOGGED_IN),
    "infospots:firm_export_xlsx": ({}, LOGGED_IN),
    "infospots:firm_create": ({}, STAFF),
    "infospots:firm_duplicates": ({}, STAFF),
    "infospots:firm_detail": (lambda w: {"pk": w["firm"].pk}, READ_A),
    "infospots:firm_update": (lambda w: {"pk": w["firm"].pk}, WRITE_A),
    "infospots:firm_history": (lambda w: {"pk": w["firm"].pk}, WRITE_A),
    "infospots:figures_create": (lambda w: {"pk": w["firm"].pk}, WRITE_A),
    "infospots:service_create": (lambda w: {"pk": w["firm"].pk}, WRITE_A),
    "infospots:service_update": (
        lambda w: {"pk": w["firm"].pk, "service_pk": w["service"].pk},
        WRITE_A,
    ),
    # Contacts (personal data): staff of the province and national roles only;
    # the firm's own member gets a 404. A missing contact is a 404 for all;
    # tests/infospots/test_contacts.py walks the real rows.
    "infospots:contact_create": (lambda w: {"pk": w["firm"].pk}, CONTACTS_A),
    "infospots:contact_update": (
        lambda w: {"pk": w["firm"].pk, "contact_pk": 999999},
        MISSING,
    ),
    "infospots:contact_consent": (
        lambda w: {"pk": w["firm"].pk, "contact_pk": 999999},
        MISSING,
    ),
    "infospots:contact_export": (
        lambda w: {"pk": w["firm"].pk, "contact_pk": 999999},
        MISSING,
    ),
    "infospots:contact_erase": (
        lambda w: {"pk": w["firm"].pk, "contact_pk": 999999},
        MISSING,
    ),
    # Spreadsheet import: staff and national roles. A missing job is a 404 for
    # them (members are refused first); tests/infospots/test_imports.py walks
    # real jobs of both provinces.
    "infospots:firm_import": ({}, STAFF),
    "infospots:firm_import_template": ({"fmt": "xlsx"}, STAFF),
    "infospots:firm_import_detail": ({"pk": 999999}, [302, 403, 404, 404, 404, 404]),
    "infospots:firm_import_progress": (
        {"pk": 999999},
        [302, 403, 404, 404, 404, 404],
    ),
    "infospots:firm_import_commit": ({"pk": 999999}, [302, 403, 404, 404, 404, 404]),
    # Clusters. Public: the directory, profiles past the candidate stage,
    # their logos and open partner-search posts (tests/clusters/
    # test_directory.py and test_partners.py walk candidates, closed posts
    # and answers). The world's cluster is in province A and the member's
    # firm is one of its members, so the member reads its internal pages
    # and is refused (403) on the writes.
    "clusters:directory": ({}, ALL),
    "clusters:detail": (lambda w: {"slug": w["cluster"].slug}, ALL),
    "clusters:logo": (lambda w: {"slug": w["cluster"].slug}, ALL),
    "clusters:partner_list": ({}, ALL),
    "clusters:partner_detail": (lambda w: {"pk": w["post"].pk}, ALL),
    # Posting needs a cluster one manages or a member firm: staff of B have
    # neither in this world.
    "clusters:partner_create": ({}, [302, 200, 200, 403, 200, 200]),
    "clusters:partner_interest": (lambda w: {"pk": w["post"].pk}, POST_ONLY),
    "clusters:partner_close": (lambda w: {"pk": w["post"].pk}, POST_ONLY),
    "clusters:create": ({}, STAFF),
    "clusters:candidates": ({}, STAFF),
    "clusters:organisation_list": ({}, STAFF),
    "clusters:organisation_create": ({}, STAFF),
    # Organisations are shared by every province: national roles edit them.
    "clusters:organisation_update": (
        lambda w: {"pk": w["organisation"].pk},
        [302, 403, 403, 403, 200, 200],
    ),
    "clusters:manage": (lambda w: {"slug": w["cluster"].slug}, READ_A),
    "clusters:update": (lambda w: {"slug": w["cluster"].slug}, WRITE_A),
    "clusters:status": (lambda w: {"slug": w["cluster"].slug}, WRITE_A),
    "clusters:scores": (lambda w: {"slug": w["cluster"].slug}, WRITE_A),
    "clusters:member_create": (lambda w: {"slug": w["cluster"].slug}, WRITE_A),
    "clusters:member_update": (
        lambda w: {"slug": w["cluster"].slug, "pk": w["membership"].pk},
        WRITE_A,
    ),
    "clusters:participation_create": (
        lambda w: {"slug": w["cluster"].slug},
        WRITE_A,
    ),
    "clusters:participation_update": (
        lambda w: {"slug": w["cluster"].slug, "pk": w["participation"].pk},
        WRITE_A,
    ),
    "clusters:plan_create": (lambda w: {"slug": w["cluster"].slug}, WRITE_A),
    "clusters:plan_detail": (
        lambda w: {"slug": w["cluster"].slug, "year": w["activity"].plan.year},
        READ_A,
    ),
    "clusters:activity_create": (
        lambda w: {"slug": w["cluster"].slug, "year": w["activity"].plan.year},
        WRITE_A,
    ),
    "clusters:activity_update": (
        lambda w: {"slug": w["cluster"].slug, "pk": w["activity"].pk},
        WRITE_A,
    ),
    "clusters:evidence_upload": (
        lambda w: {"slug": w["cluster"].slug, "pk": w["activity"].pk},
        POST_ONLY,
    ),
    "clusters:evidence_download": (
        lambda w: {"slug": w["cluster"].slug, "pk": w["evidence"].pk},
        READ_A,
    ),
    "clusters:evidence_delete": (
        lambda w: {"slug": w["cluster"].slug, "pk": w["evidence"].pk},
        POST_ONLY,
    ),
    "clusters:cooperation_create": (lambda w: {"slug": w["cluster"].slug}, WRITE_A),
    "clusters:cooperation_update": (
        lambda w: {"slug": w["cluster"].slug, "pk": w["cooperation"].pk},
        WRITE_A,
    ),
    "clusters:grant_create": (lambda w: {"slug": w["cluster"].slug}, WRITE_A),
    # Programme targets: dashboards and reports for staff and national roles;
    # a province's dashboard for its staff (tests/benchmarking walk the rest).
    "benchmarking:dashboard": ({}, STAFF),
    "benchmarking:province": (
        lambda w: {"province": w["firm"].province.plate},
        [302, 403, 200, 404, 200, 200],
    ),
    "benchmarking:report_xlsx": ({}, STAFF),
    "benchmarking:snapshots_csv": ({}, STAFF),
    # The records behind a national number: national roles only (staff open
    # their province's, tests/benchmarking/test_dashboards.py).
    "benchmarking:records": ({"code": "reached"}, [302, 403, 404, 404, 200, 200]),
    "clusters:grant_update": (
        lambda w: {"slug": w["cluster"].slug, "pk": w["grant"].pk},
        WRITE_A,
    ),
}


@pytest.fixture
def world(info_spot_a, member, settings, tmp_path):
    """A firm of province A with a service, the member linked to it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    article = ArticleFactory()
    # Listed publicly: a member firm posts in partner search only then.
    firm = FirmFactory(
        province=info_spot_a.province, info_spot=info_spot_a, listed_publicly=True
    )
    FirmMembership.objects.create(user=member, firm=firm)
    _programme_world(firm.province)
    return {
        **_cluster_world(firm),
        "firm": firm,
        "service": ServiceFactory(firm=firm),
        "article": article,
        "tag": Tag.objects.create(name="Kümelenme", slug="kumelenme"),
        "attachment": AttachmentFactory(article=article),
        "unsubscribe_token": unsubscribe_token(member),
        "submitted_a": _submitted_article(firm),
    }


def _programme_world(province):
    """An active programme with one target computed for today."""
    today = timezone.localdate()
    programme = Programme.objects.create(
        name="KOBİ Ağları",
        slug="kobi-aglari",
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today + datetime.timedelta(days=265),
    )
    target = Target.objects.create(
        programme=programme,
        code="reached",
        title_tr="Ulaşılan KOBİ",
        title_en="SMEs reached",
        metric="smes_reached",
        target_value=400,
        deadline=programme.ends_on,
    )
    ProvinceTarget.objects.create(target=target, province=province, target_value=80)
    snapshots_compute(trigger="test")


def _cluster_world(firm):
    """A public cluster of province A with the firm as a member, and one row
    of everything a cluster holds."""
    cluster = ClusterFactory(province=firm.province)
    cluster.logo.save("logo.png", ContentFile(PNG), save=True)
    membership = ClusterMembershipFactory(cluster=cluster, firm=firm)
    organisation = OrganisationFactory()
    activity = ActivityFactory(plan=ActionPlanFactory(cluster=cluster))
    activity.participants.add(firm)
    evidence = Evidence(
        activity=activity,
        original_name="liste.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    evidence.file.save("liste.pdf", ContentFile(PDF), save=True)
    return {
        "cluster": cluster,
        "membership": membership,
        "organisation": organisation,
        "participation": ParticipationFactory(
            cluster=cluster, organisation=organisation
        ),
        "activity": activity,
        "evidence": evidence,
        "cooperation": Cooperation.objects.create(
            cluster=cluster,
            firm=firm,
            university=organisation,
            kind="joint_project",
            title="Ortak Ar-Ge",
            started_on=datetime.date(2026, 3, 1),
        ),
        "grant": GrantApplicationFactory(cluster=cluster),
        "post": PartnerPostFactory(cluster=cluster),
    }


def _submitted_article(firm):
    """An article awaiting review, by another member of the firm (province A)."""
    author = UserFactory()
    FirmMembership.objects.create(user=author, firm=firm)
    return ArticleFactory(
        author=author,
        province=firm.province,
        status="submitted",
        published_at=None,
        submitted_at=datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC),
    )


def portal_url_names():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = (
                    f"{namespace}{pattern.namespace}:"
                    if pattern.namespace
                    else namespace
                )
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                module = getattr(pattern.callback, "__module__", "")
                if module.split(".")[0] in PORTAL_APPS:
                    yield f"{namespace}{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def test_every_portal_url_is_in_the_matrix():
    assert portal_url_names() == set(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("actor_index", range(len(ACTORS)), ids=ACTORS)
def test_url_answers_each_actor_as_declared(
    client, request, monkeypatch, world, name, actor_index
):
    # /healthz pings workers; tests/site/test_tasks.py does that against a real one.
    monkeypatch.setattr("kms.site.views._check_workers", lambda: True)
    kwargs, statuses = MATRIX[name]
    if callable(kwargs):
        kwargs = kwargs(world)
    user = request.getfixturevalue(ACTORS[actor_index])
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == statuses[actor_index]
