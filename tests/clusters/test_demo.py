"""The demo clusters `seed_demo` adds (clusters.demo)."""

import io
import itertools
import re
import shutil
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from clusters.demo import CLUSTERS, load_demo, records
from clusters.models import (
    ActionPlan,
    Activity,
    ActivityKind,
    CandidateScore,
    Cluster,
    ClusterMembership,
    Cooperation,
    GrantApplication,
    GrantStatus,
    Organisation,
    Participation,
    PartnerInterest,
    PartnerPost,
    StatusChange,
)
from clusters.selectors import (
    candidate_ranking,
    clusters_identified,
    clusters_with_completed_activities,
    firms_in_clusters,
)
from kms.accounts.models import User

pytestmark = pytest.mark.django_db

PILOT_PROVINCES = {"Çorum", "Gaziantep", "Kahramanmaraş", "Samsun", "Trabzon"}
MODELS = [
    Cluster,
    StatusChange,
    CandidateScore,
    Organisation,
    Participation,
    ClusterMembership,
    ActionPlan,
    Activity,
    Activity.participants.through,
    Cooperation,
    GrantApplication,
    PartnerPost,
    PartnerInterest,
]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """One seed for the whole module, rolled back at its end: every test
    runs in a savepoint inside it, so none sees another's writes."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEBUG=True,
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_demo_data_is_consistent():
    assert len(CLUSTERS) == 12
    assert len({spec.name for spec in CLUSTERS}) == 12
    for spec in CLUSTERS:
        assert spec.history[0][0] == "candidate"
        dates = [on for _status, on, _reason in spec.history]
        assert dates == sorted(dates)


def test_a_mistake_in_a_data_file_is_reported_with_the_files_name(
    tmp_path, monkeypatch
):
    data = tmp_path / "demo"
    shutil.copytree(records.DATA_DIR, data)
    path = data / "clusters" / "01-samsun-medikal-cihaz.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"canik"', '"kanik"', 1), encoding="utf-8")
    monkeypatch.setattr(records, "DATA_DIR", data)
    message = (
        "clusters/data/demo/clusters/01-samsun-medikal-cihaz.toml: "
        "firms not in firms.toml: ['kanik']"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        load_demo()


def test_seed_demo_adds_twelve_clusters_across_the_pilot_provinces(seeded):
    by_province = Counter(Cluster.objects.values_list("province__name", flat=True))
    assert by_province == {
        "Samsun": 2,
        "Gaziantep": 3,
        "Kahramanmaraş": 2,
        "Çorum": 2,
        "Trabzon": 3,
    }
    assert set(by_province) == PILOT_PROVINCES
    assert Counter(Cluster.objects.values_list("status", flat=True)) == {
        "active": 5,
        "formed": 2,
        "candidate": 2,
        "identified": 1,
        "priority": 1,
        "dormant": 1,
    }
    assert set(Cluster.objects.values_list("portfolio", flat=True)) == {
        "health",
        "engineering",
        "food",
        "creative",
        "materials",
        "construction",
        "tourism",
        "transportation",
    }
    assert Cluster.objects.filter(other_provinces__isnull=False).distinct().count() == 6
    assert not Cluster.objects.filter(naces__isnull=True).exists()
    assert not Cluster.objects.filter(coordinator__isnull=True).exists()
    assert not Cluster.objects.filter(description="").exists()
    formed_or_later = Cluster.objects.filter(status__in=["formed", "active", "dormant"])
    assert not formed_or_later.filter(founded_on__isnull=True).exists()
    assert not formed_or_later.filter(website="").exists()
    assert clusters_identified().count() == 10


def test_every_history_is_dated_in_the_past_and_consistent(seeded):
    today = timezone.localdate()
    staff_of = {
        c.pk: f"staff.{c.province.slug}@example.org"
        for c in Cluster.objects.select_related("province")
    }
    for cluster in Cluster.objects.all():
        rows = list(
            cluster.status_changes.order_by("changed_on", "pk").select_related(
                "changed_by"
            )
        )
        assert (rows[0].from_status, rows[0].to_status) == ("", "candidate")
        for previous, row in itertools.pairwise(rows):
            assert row.from_status == previous.to_status
            assert previous.changed_on <= row.changed_on
        assert rows[-1].to_status == cluster.status
        assert rows[-1].changed_on == cluster.status_since
        assert rows[-1].changed_on <= today
        assert {row.changed_by.email for row in rows} == {staff_of[cluster.pk]}
    assert StatusChange.objects.count() == 46
    dormant = StatusChange.objects.get(to_status="dormant")
    assert dormant.reason.startswith("Lider firmanın üretime ara vermesi")
    assert dormant.cluster.name == "Trabzon Tekne ve Balıkçılık Kümesi"


def test_candidates_are_ranked_on_four_scores_with_different_totals(seeded):
    assert CandidateScore.objects.count() == 12 * 4
    ranking = candidate_ranking(clusters=Cluster.objects.all())
    assert [(r.cluster.name, r.cluster.status, r.total) for r in ranking] == [
        ("Trabzon Fındık ve Gıda Kümesi", "candidate", Decimal("3.80")),
        ("Gaziantep Ambalaj ve Plastik Kümesi", "candidate", Decimal("3.30")),
        ("Kahramanmaraş Metal Mutfak Eşyaları Kümesi", "identified", Decimal("3.00")),
    ]
    assert all(r.complete for r in ranking)
    assert all(score.rationale for r in ranking for _c, score in r.scores)


def test_members_and_organisations(seeded):
    memberships = ClusterMembership.objects.all()
    assert memberships.count() == 41
    left = memberships.get(left_on__isnull=False)
    assert (left.firm.legal_name, left.cluster.name) == (
        "Oğuzeli Kimya Deterjan San. Ltd. Şti.",
        "Kahramanmaraş Tekstil Kümesi",
    )
    assert left.joined_on < left.left_on <= timezone.localdate()
    assert firms_in_clusters().count() == 29
    member_counts = Counter(memberships.values_list("cluster__name", flat=True))
    assert set(member_counts) == set(
        Cluster.objects.filter(status__in=["formed", "active", "dormant"]).values_list(
            "name", flat=True
        )
    )
    assert all(3 <= n <= 8 for n in member_counts.values())
    assert memberships.filter(role="founding").count() == 16
    # A member firm of another province sits in a cluster that reaches it.
    for membership in memberships.exclude(firm__province=F("cluster__province")):
        assert membership.cluster.other_provinces.filter(
            pk=membership.firm.province_id
        ).exists()
    assert Organisation.objects.count() == 24
    assert set(Organisation.objects.values_list("kind", flat=True)) == {
        "university",
        "public",
        "support",
        "finance",
        "large_company",
    }
    in_clusters = Counter(
        Participation.objects.values_list("organisation__name", flat=True)
    )
    assert in_clusters["Orta Karadeniz Kalkınma Ajansı (OKA)"] == 3
    assert sum(1 for n in in_clusters.values() if n >= 2) == 12
    for cluster in Cluster.objects.exclude(coordinator=None):
        assert cluster.participations.filter(
            organisation=cluster.coordinator, role="coordinator"
        ).exists() == (cluster.participations.exists())


def test_the_samsun_member_reads_an_active_samsun_cluster(seeded):
    sme = User.objects.get(email="sme@example.org")
    readable = Cluster.objects.for_user(sme)
    assert list(readable.values_list("name", "status", "province__name")) == [
        ("Çorum Değirmen Makineleri Kümesi", "active", "Çorum"),
        ("Samsun Tarım Makineleri Kümesi", "active", "Samsun"),
    ]


def test_plans_derive_completed_for_some_clusters_only(seeded):
    completed = set(clusters_with_completed_activities().values_list("name", flat=True))
    assert completed == {
        "Samsun Medikal Cihaz Kümesi",
        "Gaziantep Antep Fıstığı ve Gıda Kümesi",
        "Kahramanmaraş Tekstil Kümesi",
        "Çorum Değirmen Makineleri Kümesi",
        "Trabzon Tekne ve Balıkçılık Kümesi",
    }
    with_plans = set(
        ActionPlan.objects.values_list("cluster__name", flat=True).distinct()
    )
    assert with_plans - completed == {
        "Samsun Tarım Makineleri Kümesi",
        "Gaziantep Halı ve Tekstil Tasarım Kümesi",
        "Doğu Karadeniz Turizm Kümesi",
    }
    assert set(ActionPlan.objects.completed().values_list("year", flat=True)) == {
        2024,
        2025,
    }
    assert not ActionPlan.objects.completed().filter(year=2026).exists()
    assert ActionPlan.objects.count() == 14


def test_activities_cover_every_type_and_their_participants_are_members(seeded):
    today = timezone.localdate()
    activities = Activity.objects.select_related("plan__cluster")
    assert set(activities.values_list("kind", flat=True)) == set(ActivityKind.values)
    assert set(activities.values_list("status", flat=True)) == {
        "planned",
        "ongoing",
        "completed",
        "cancelled",
    }
    assert not activities.filter(status="completed", ends_on__gt=today).exists()
    for activity in activities.prefetch_related("participants"):
        for firm in activity.participants.all():
            assert ClusterMembership.objects.filter(
                cluster=activity.plan.cluster,
                firm=firm,
                joined_on__lte=activity.starts_on,
            ).exists(), (activity.title, firm.legal_name)
    assert not activities.filter(status="completed", outputs="").exists()


def test_cooperation_and_grant_applications(seeded):
    assert Cooperation.objects.count() == 6
    assert set(Cooperation.objects.values_list("university__kind", flat=True)) == {
        "university"
    }
    for cooperation in Cooperation.objects.all():
        assert ClusterMembership.objects.filter(
            cluster=cooperation.cluster_id, firm=cooperation.firm_id
        ).exists()
    grants = GrantApplication.objects.all()
    assert grants.count() == 7
    assert Counter(grants.values_list("status", flat=True)) == {
        "preparing": 2,
        "submitted": 2,
        "approved": 2,
        "rejected": 1,
    }
    assert set(grants.values_list("scheme__code", flat=True)) == {
        "ur-ge",
        "kosgeb-cooperation",
        "development-agency",
    }
    approved = grants.filter(status=GrantStatus.APPROVED)
    assert sorted(approved.values_list("amount_granted", flat=True)) == [
        Decimal("2250000"),
        Decimal("4150000"),
    ]
    assert not grants.filter(assistance_hours=0).exists()


def test_partner_posts_open_expired_and_answered(seeded):
    today = timezone.localdate()
    posts = PartnerPost.objects.all()
    assert posts.count() == 6
    assert posts.filter(cluster__isnull=False).count() == 4
    assert posts.filter(firm__isnull=False).count() == 2
    assert set(posts.values_list("kind", flat=True)) == {"offer", "request"}
    assert PartnerPost.objects.open().count() == 5
    expired = posts.exclude(pk__in=PartnerPost.objects.open().values("pk")).get()
    assert expired.expires_on < today
    assert not posts.filter(sectors__isnull=True).exists()
    answers = set(
        PartnerInterest.objects.values_list(
            "user__email", "firm__trade_name", "post__topic"
        )
    )
    assert answers == {
        (
            "sme.trabzon@example.org",
            "Uzungöl Fındık",
            "Fındık harman makinesi saha denemesi için üretici aranıyor",
        ),
        (
            "sme@example.org",
            "Karatarım",
            "Fındık kabuğu (biyokütle yakıt) tedariki",
        ),
    }
    samsun_post = PartnerInterest.objects.get(
        user__email="sme.trabzon@example.org"
    ).post
    assert samsun_post.cluster.province.name == "Samsun"


def test_seed_demo_twice_creates_nothing_new(seeded):
    before = counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert counts() == before
    assert "0 new clusters" in out.getvalue()
