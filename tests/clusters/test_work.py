"""A cluster's work: action plans, activities and their evidence files,
university-industry cooperation, grant applications."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import override

from clusters.models import (
    ActionPlan,
    Activity,
    Cooperation,
    Evidence,
    GrantApplication,
    GrantScheme,
)
from clusters.selectors.work import work_overview
from clusters.services.clusters import DATE_IN_FUTURE, NOT_YOUR_PROVINCE
from clusters.services.work import (
    ACTIVITY_COMPLETED_BEFORE_START,
    ACTIVITY_ENDS_BEFORE_START,
    ACTIVITY_OUTSIDE_PLAN_YEAR,
    COOPERATION_ENDS_BEFORE_START,
    COOPERATION_FIRM_NOT_MEMBER,
    COOPERATION_NOT_UNIVERSITY,
    GRANT_AMOUNT_ONLY_WHEN_APPROVED,
    GRANT_AMOUNT_REQUESTED_POSITIVE,
    GRANT_APPROVED_NEEDS_AMOUNT,
    GRANT_DECIDED_BEFORE_SUBMITTED,
    GRANT_DECIDED_ON_TOO_EARLY,
    GRANT_NEEDS_DECIDED_ON,
    GRANT_NEEDS_SUBMITTED_ON,
    GRANT_SCHEME_CLOSED,
    MAX_EVIDENCE_FILES,
    PARTICIPANTS_NOT_MEMBERS,
    PLAN_YEAR_OUT_OF_RANGE,
    PLAN_YEAR_TAKEN,
    TOO_MANY_EVIDENCE_FILES,
    activity_save,
    cooperation_save,
    evidence_add,
    evidence_delete,
    grant_save,
    plan_create,
)
from infospots.models import FirmMembership
from kms.core.filekinds import ATTACHMENT_RENAME, ATTACHMENT_SCRIPTABLE
from tests import samples
from tests.factories import (
    MINIMAL_PDF,
    ActionPlanFactory,
    ActivityFactory,
    ClusterFactory,
    ClusterMembershipFactory,
    FirmFactory,
    GrantApplicationFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

# Expected messages are formatted when compared, under the test's language,
# not when the parameters are collected.
translated = lazy(lambda template, params: str(template) % params, str)

YEAR = 2025
STORED_NAME = re.compile(r"^clusters/evidence/[0-9a-f]{32}\.pdf$")


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the msgids)."""
    with override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return sorted(p.name for p in media.rglob("*") if p.is_file())


@pytest.fixture
def cluster(province_a):
    return ClusterFactory(province=province_a, slug="samsun-gida")


@pytest.fixture
def member_firm(cluster):
    return ClusterMembershipFactory(
        cluster=cluster, joined_on=datetime.date(2024, 1, 10)
    ).firm


@pytest.fixture
def cluster_member(member, member_firm):
    """The SME member, whose firm is an active member of the cluster."""
    FirmMembership.objects.create(user=member, firm=member_firm)
    return member


@pytest.fixture
def plan(cluster):
    return ActionPlanFactory(cluster=cluster, year=YEAR)


def activity(plan, **fields):
    values = {
        "kind": "training",
        "title": "Gıda güvenliği eğitimi",
        "starts_on": datetime.date(YEAR, 3, 10),
        "ends_on": datetime.date(YEAR, 3, 11),
        "status": "planned",
    } | fields
    return Activity(plan=plan, **values)


def stored_activity(plan, **fields):
    """An activity of the plan's year, completed (as the factory makes it)."""
    return ActivityFactory(
        plan=plan,
        starts_on=datetime.date(plan.year, 3, 10),
        ends_on=datetime.date(plan.year, 3, 11),
        **fields,
    )


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def pdf(name="Katılım listesi.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def plan_url(cluster, year=YEAR):
    return reverse("clusters:plan_detail", args=[cluster.slug, year])


# --- action plans -----------------------------------------------------------


def test_a_plan_is_created_once_per_year(staff_a, cluster):
    plan = plan_create(
        actor=staff_a, cluster=cluster, year=YEAR, objectives=" İhracat \x07"
    )
    assert (plan.year, plan.objectives, plan.created_by) == (YEAR, "İhracat", staff_a)
    assert errors_of(
        lambda: plan_create(actor=staff_a, cluster=cluster, year=YEAR)
    ) == {"year": [str(PLAN_YEAR_TAKEN)]}
    assert ActionPlan.objects.count() == 1


def test_a_plan_year_out_of_range_is_refused(staff_a, cluster):
    assert errors_of(
        lambda: plan_create(actor=staff_a, cluster=cluster, year=1999)
    ) == {"year": [str(PLAN_YEAR_OUT_OF_RANGE % {"first": 2000, "last": 2100})]}
    assert not ActionPlan.objects.exists()


def test_the_database_refuses_a_second_plan_for_a_year(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlan.objects.create(cluster=plan.cluster, year=plan.year)


def test_staff_of_another_province_cannot_create_a_plan(staff_b, cluster):
    with pytest.raises(PermissionDenied, match=str(NOT_YOUR_PROVINCE)):
        plan_create(actor=staff_b, cluster=cluster, year=YEAR)
    assert not ActionPlan.objects.exists()


def test_the_plan_form_creates_a_plan(client, staff_a, cluster):
    client.force_login(staff_a)
    url = reverse("clusters:plan_create", args=[cluster.slug])
    response = client.post(url, {"year": YEAR, "objectives": "Fuarlar"})
    assert response.status_code == 302
    assert response.url == plan_url(cluster)
    assert list(cluster.action_plans.values_list("year", "objectives")) == [
        (YEAR, "Fuarlar")
    ]


def test_the_plan_form_shows_a_taken_year_next_to_the_field(
    client, staff_a, plan, cluster
):
    client.force_login(staff_a)
    url = reverse("clusters:plan_create", args=[cluster.slug])
    response = client.post(url, {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors == {"year": [str(PLAN_YEAR_TAKEN)]}
    assert ActionPlan.objects.count() == 1


@pytest.mark.parametrize(
    ("actor", "status"),
    [("anonymous", 302), ("staff_b", 404), ("cluster_member", 403), ("staff_a", 200)],
)
def test_who_may_open_a_write_page(client, request, cluster, plan, actor, status):
    user = request.getfixturevalue(actor)
    if user.is_authenticated:
        client.force_login(user)
    for url in [
        reverse("clusters:plan_create", args=[cluster.slug]),
        reverse("clusters:activity_create", args=[cluster.slug, YEAR]),
        reverse("clusters:cooperation_create", args=[cluster.slug]),
        reverse("clusters:grant_create", args=[cluster.slug]),
    ]:
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("name", ["plan_detail", "activity_create"])
def test_a_huge_plan_year_is_not_found(client, staff_a, cluster, plan, name):
    client.force_login(staff_a)
    url = reverse(f"clusters:{name}", args=[cluster.slug, 99999999999999999999])
    assert client.get(url).status_code == 404


def test_a_huge_firm_id_is_refused_next_to_the_field(client, staff_a, plan, cluster):
    """Not a 500: the ids of the firms are checked before any query."""
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:cooperation_create", args=[cluster.slug]),
        {
            "firm": "99999999999999999999",
            "university": "99999999999999999999",
            "kind": "joint_project",
            "title": "Ortak proje",
            "started_on": f"{YEAR}-03-10",
        },
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"firm", "university"}
    assert not Cooperation.objects.exists()


def test_a_member_cannot_post_to_a_write_page(client, cluster_member, cluster):
    client.force_login(cluster_member)
    url = reverse("clusters:plan_create", args=[cluster.slug])
    assert client.post(url, {"year": YEAR}).status_code == 403
    assert not ActionPlan.objects.exists()


# --- activities -------------------------------------------------------------


def test_an_activity_is_saved_with_member_firms(staff_a, plan, member_firm):
    saved = activity_save(
        actor=staff_a, activity=activity(plan), participants=[member_firm]
    )
    assert list(saved.participants.all()) == [member_firm]


def test_an_activity_ending_before_it_starts_is_refused(staff_a, plan):
    bad = activity(plan, ends_on=datetime.date(YEAR, 3, 9))
    assert errors_of(lambda: activity_save(actor=staff_a, activity=bad)) == {
        "ends_on": [str(ACTIVITY_ENDS_BEFORE_START)]
    }
    assert not Activity.objects.exists()


def test_the_database_refuses_an_activity_ending_before_it_starts(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        activity(plan, ends_on=datetime.date(YEAR, 3, 9)).save()


def test_an_activity_ending_before_it_starts_is_a_400_next_to_the_field(
    client, staff_a, plan, cluster
):
    client.force_login(staff_a)
    url = reverse("clusters:activity_create", args=[cluster.slug, YEAR])
    response = client.post(
        url,
        {
            "kind": "training",
            "title": "Eğitim",
            "starts_on": f"{YEAR}-03-10",
            "ends_on": f"{YEAR}-03-09",
            "status": "planned",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "ends_on": [str(ACTIVITY_ENDS_BEFORE_START)]
    }
    assert str(ACTIVITY_ENDS_BEFORE_START) in response.content.decode()
    assert not Activity.objects.exists()


def test_an_activity_starts_in_its_plan_year(staff_a, plan):
    bad = activity(
        plan,
        starts_on=datetime.date(YEAR + 1, 1, 5),
        ends_on=datetime.date(YEAR + 1, 1, 6),
    )
    assert errors_of(lambda: activity_save(actor=staff_a, activity=bad)) == {
        "starts_on": [str(ACTIVITY_OUTSIDE_PLAN_YEAR % {"year": YEAR})]
    }


def test_an_activity_in_the_future_cannot_be_completed(staff_a, cluster):
    next_year = timezone.localdate().year + 1
    future_plan = ActionPlanFactory(cluster=cluster, year=next_year)
    bad = activity(
        future_plan,
        starts_on=datetime.date(next_year, 1, 10),
        ends_on=datetime.date(next_year, 1, 10),
        status="completed",
    )
    assert errors_of(lambda: activity_save(actor=staff_a, activity=bad)) == {
        "status": [str(ACTIVITY_COMPLETED_BEFORE_START)]
    }
    assert not Activity.objects.exists()


def test_firms_outside_the_cluster_cannot_take_part(staff_a, plan, member_firm):
    outsider = FirmFactory(legal_name="Dış Firma A.Ş.")
    assert errors_of(
        lambda: activity_save(
            actor=staff_a, activity=activity(plan), participants=[member_firm, outsider]
        )
    ) == {"participants": [str(PARTICIPANTS_NOT_MEMBERS % {"firms": "Dış Firma A.Ş."})]}
    assert not Activity.objects.exists()


def test_a_firm_that_left_takes_part_only_in_activities_it_was_in_for(
    staff_a, plan, cluster
):
    left = ClusterMembershipFactory(
        cluster=cluster,
        joined_on=datetime.date(2024, 1, 1),
        left_on=datetime.date(YEAR, 6, 1),
    ).firm
    during = activity_save(actor=staff_a, activity=activity(plan), participants=[left])
    assert list(during.participants.all()) == [left]
    after = activity(
        plan,
        starts_on=datetime.date(YEAR, 6, 1),
        ends_on=datetime.date(YEAR, 6, 2),
    )
    assert errors_of(
        lambda: activity_save(actor=staff_a, activity=after, participants=[left])
    ) == {"participants": [str(PARTICIPANTS_NOT_MEMBERS % {"firms": str(left)})]}
    assert Activity.objects.count() == 1


def test_a_participant_outside_the_cluster_is_a_400(
    client, staff_a, plan, cluster, member_firm
):
    outsider = FirmFactory()
    client.force_login(staff_a)
    url = reverse("clusters:activity_create", args=[cluster.slug, YEAR])
    response = client.post(
        url,
        {
            "kind": "b2b",
            "title": "B2B",
            "starts_on": f"{YEAR}-03-10",
            "ends_on": f"{YEAR}-03-10",
            "status": "planned",
            "participants": [member_firm.pk, outsider.pk],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["participants"]
    assert not Activity.objects.exists()


def test_an_activity_stays_in_its_plan(staff_a, plan, cluster):
    saved = activity_save(actor=staff_a, activity=activity(plan))
    other = ActionPlanFactory(cluster=ClusterFactory(), year=YEAR)
    saved.plan = other
    activity_save(actor=staff_a, activity=saved)
    assert Activity.objects.get().plan == plan


def test_staff_of_another_province_cannot_save_an_activity(staff_b, plan):
    with pytest.raises(PermissionDenied):
        activity_save(actor=staff_b, activity=activity(plan))
    assert not Activity.objects.exists()


def test_the_plan_is_completed_when_its_last_open_activity_is(
    client, staff_a, plan, cluster
):
    first = activity_save(
        actor=staff_a, activity=activity(plan, status="completed", title="Bir")
    )
    activity_save(
        actor=staff_a,
        activity=activity(
            plan,
            status="cancelled",
            title="İptal",
            ends_on=datetime.date(YEAR, 12, 20),
        ),
    )
    last = activity_save(
        actor=staff_a,
        activity=activity(
            plan,
            title="İki",
            starts_on=datetime.date(YEAR, 5, 2),
            ends_on=datetime.date(YEAR, 5, 4),
        ),
    )
    progress = ActionPlan.objects.with_progress().get(pk=plan.pk)
    assert (progress.n_open, progress.completed_on) == (1, None)
    client.force_login(staff_a)
    page = client.get(plan_url(cluster), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 of 2 activities still open" in page

    client.post(
        reverse("clusters:activity_update", args=[cluster.slug, last.pk]),
        {
            "kind": "training",
            "title": "İki",
            "starts_on": f"{YEAR}-05-02",
            "ends_on": f"{YEAR}-05-04",
            "status": "completed",
        },
    )
    progress = ActionPlan.objects.with_progress().get(pk=plan.pk)
    assert (progress.n_open, progress.completed_on) == (0, datetime.date(YEAR, 5, 4))
    page = client.get(plan_url(cluster), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Activities completed on 4 May 2025" in page
    assert first.status == "completed"


def test_the_plan_page_shows_the_activities(
    client, cluster_member, member_firm, plan, cluster
):
    done = stored_activity(plan, title="Fuar ziyareti", outputs="12 firma")
    done.participants.add(member_firm)
    client.force_login(cluster_member)
    response = client.get(plan_url(cluster), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fuar ziyareti" in page
    assert "1 firm:" in page
    assert "12 firma" in page
    assert "Activities completed on 11 Mar 2025" in page
    # Members read the plan; they do not change it.
    assert reverse("clusters:activity_create", args=[cluster.slug, YEAR]) not in page
    assert reverse("clusters:evidence_upload", args=[cluster.slug, done.pk]) not in page


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("staff_b", 404),
        ("member", 404),
        ("cluster_member", 200),
        ("staff_a", 200),
        ("manager", 200),
    ],
)
def test_who_reads_the_plan_page(client, request, plan, cluster, actor, status):
    user = request.getfixturevalue(actor)
    if user.is_authenticated:
        client.force_login(user)
    assert client.get(plan_url(cluster)).status_code == status


def test_a_missing_plan_year_is_a_404(client, staff_a, plan, cluster):
    client.force_login(staff_a)
    assert client.get(plan_url(cluster, YEAR + 1)).status_code == 404


def _filled_plan(plan, firms, count):
    for number in range(count):
        item = stored_activity(plan, status="ongoing" if number else "completed")
        item.participants.set(firms)
        Evidence.objects.create(
            activity=item,
            file=f"clusters/evidence/{number:032x}.pdf",
            original_name=f"Rapor {number}.pdf",
            content_type="application/pdf",
            size=len(MINIMAL_PDF),
        )


@pytest.mark.parametrize("count", [1, 20])
def test_the_plan_page_costs_the_same_for_1_and_20_activities(
    client, staff_a, plan, cluster, member_firm, django_assert_num_queries, count
):
    _filled_plan(
        plan, [member_firm, ClusterMembershipFactory(cluster=cluster).firm], count
    )
    client.force_login(staff_a)
    url = plan_url(cluster)
    # session, user, province of the staff member, cluster, plan with its
    # progress, activities, their firms, their files; the page header's
    # moderation counts (2) and province badge
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_the_work_overview_costs_the_same_for_1_and_20_rows(
    staff_a, cluster, member_firm, django_assert_num_queries, count
):
    university = OrganisationFactory()
    for number in range(count):
        plan = ActionPlanFactory(cluster=cluster, year=2000 + number)
        ActivityFactory(
            plan=plan,
            starts_on=datetime.date(2000 + number, 3, 1),
            ends_on=datetime.date(2000 + number, 3, 2),
        )
        Cooperation.objects.create(
            cluster=cluster,
            firm=member_firm,
            university=university,
            kind="contract",
            title=f"Ar-Ge {number}",
            started_on=datetime.date(2025, 1, 1),
        )
        GrantApplicationFactory(cluster=cluster)
    # province of the staff member, plans, cooperations, applications
    with django_assert_num_queries(4):
        overview = work_overview(cluster=cluster, user=staff_a)
        html = render_to_string(
            "clusters/includes/manage_work.html", {**overview, "cluster": cluster}
        )
    assert len(overview["work_plans"]) == count
    assert html.count('<th scope="row">Ar-Ge ') == count


def test_the_work_section_offers_changes_to_managers_only(
    staff_a, cluster_member, plan, cluster
):
    GrantApplicationFactory(cluster=cluster, title="UR-GE ihracat")
    request = RequestFactory().get("/")

    def section(user):
        request.user = user
        return render_to_string(
            "clusters/includes/manage_work.html",
            {**work_overview(cluster=cluster, user=user), "cluster": cluster},
            request=request,
        )

    for_staff, for_member = section(staff_a), section(cluster_member)
    add_links = [
        reverse("clusters:plan_create", args=[cluster.slug]),
        reverse("clusters:cooperation_create", args=[cluster.slug]),
        reverse("clusters:grant_create", args=[cluster.slug]),
    ]
    for link in add_links:
        assert link in for_staff
        assert link not in for_member
    for page in (for_staff, for_member):
        assert "UR-GE ihracat" in page
        assert "No activities yet" in page
        assert plan_url(cluster) in page


# --- evidence files ---------------------------------------------------------


@pytest.fixture
def held(plan):
    return stored_activity(plan, title="Eğitim")


def test_a_real_pdf_is_attached_under_a_generated_name(staff_a, held, media):
    evidence = evidence_add(actor=staff_a, activity=held, upload=pdf())
    evidence.refresh_from_db()
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "Katılım listesi.pdf",
        "application/pdf",
        len(MINIMAL_PDF),
    )
    assert STORED_NAME.match(evidence.file.name)
    assert (media / evidence.file.name).read_bytes() == MINIMAL_PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "rapor.pdf",
            samples.PNG,
            translated(
                ATTACHMENT_RENAME,
                {"extension": ".pdf", "found": "a PNG image", "suggested": ".png"},
            ),
        ),
        (
            "rapor.html",
            b"<html><script>alert(1)</script></html>",
            translated(ATTACHMENT_SCRIPTABLE, {"extension": "HTML"}),
        ),
    ],
)
def test_a_file_that_is_not_what_it_says_leaves_nothing(
    staff_a, held, media, name, content, message
):
    assert errors_of(
        lambda: evidence_add(actor=staff_a, activity=held, upload=pdf(name, content))
    ) == {"file": [str(message)]}
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_an_activity_has_at_most_ten_files(staff_a, held, media):
    for _number in range(MAX_EVIDENCE_FILES):
        evidence_add(actor=staff_a, activity=held, upload=pdf())
    assert errors_of(
        lambda: evidence_add(actor=staff_a, activity=held, upload=pdf())
    ) == {"file": [str(TOO_MANY_EVIDENCE_FILES % {"max": MAX_EVIDENCE_FILES})]}
    assert held.evidence.count() == MAX_EVIDENCE_FILES
    assert len(stored_files(media)) == MAX_EVIDENCE_FILES


def test_staff_of_another_province_cannot_attach_or_remove(staff_a, staff_b, held):
    with pytest.raises(PermissionDenied):
        evidence_add(actor=staff_b, activity=held, upload=pdf())
    evidence = evidence_add(actor=staff_a, activity=held, upload=pdf())
    with pytest.raises(PermissionDenied):
        evidence_delete(actor=staff_b, evidence=evidence)
    assert Evidence.objects.count() == 1


def test_a_removed_file_goes_with_its_row(
    staff_a, held, media, django_capture_on_commit_callbacks
):
    evidence = evidence_add(actor=staff_a, activity=held, upload=pdf())
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(actor=staff_a, evidence=evidence)
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_the_upload_form_attaches_a_file(client, staff_a, held, cluster):
    client.force_login(staff_a)
    url = reverse("clusters:evidence_upload", args=[cluster.slug, held.pk])
    response = client.post(url, {"file": pdf()})
    assert response.status_code == 302
    assert response.url == plan_url(cluster) + f"#activity-{held.pk}"
    assert held.evidence.count() == 1


def test_a_refused_upload_is_a_400_with_the_message_under_the_activity(
    client, staff_a, held, cluster, media
):
    client.force_login(staff_a)
    url = reverse("clusters:evidence_upload", args=[cluster.slug, held.pk])
    response = client.post(
        url, {"file": pdf("rapor.pdf", samples.PNG)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="evidence-error-{held.pk}"' in page
    assert "but its content is a PNG image" in page
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_a_member_cannot_upload(client, cluster_member, held, cluster):
    client.force_login(cluster_member)
    url = reverse("clusters:evidence_upload", args=[cluster.slug, held.pk])
    assert client.post(url, {"file": pdf()}).status_code == 403
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("staff_b", 404),
        ("member", 404),
        ("cluster_member", 200),
        ("staff_a", 200),
    ],
)
def test_who_downloads_evidence(client, request, staff_a, held, cluster, actor, status):
    evidence = evidence_add(actor=staff_a, activity=held, upload=pdf())
    user = request.getfixturevalue(actor)
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(
        reverse("clusters:evidence_download", args=[cluster.slug, evidence.pk])
    )
    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("account_login"))
    if status == 200:
        assert b"".join(response.streaming_content) == MINIMAL_PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]


def test_evidence_is_found_only_under_its_own_cluster(
    client, staff_a, held, province_a
):
    evidence = evidence_add(actor=staff_a, activity=held, upload=pdf())
    other = ClusterFactory(province=province_a)
    client.force_login(staff_a)
    url = reverse("clusters:evidence_download", args=[other.slug, evidence.pk])
    assert client.get(url).status_code == 404


# --- university-industry cooperation ----------------------------------------


def cooperation(cluster, firm, university, **fields):
    values = {
        "kind": "joint_project",
        "title": "Ambalaj Ar-Ge projesi",
        "started_on": datetime.date(YEAR, 2, 1),
    } | fields
    return Cooperation(cluster=cluster, firm=firm, university=university, **values)


def test_a_cooperation_between_a_member_and_a_university_is_saved(
    staff_a, cluster, member_firm
):
    saved = cooperation_save(
        actor=staff_a,
        cooperation=cooperation(cluster, member_firm, OrganisationFactory()),
    )
    assert Cooperation.objects.get() == saved


def test_a_cooperation_needs_a_member_firm_and_a_university(staff_a, cluster):
    public_body = OrganisationFactory(kind="public")
    bad = cooperation(
        cluster,
        FirmFactory(),
        public_body,
        ended_on=datetime.date(YEAR, 1, 1),
    )
    assert errors_of(lambda: cooperation_save(actor=staff_a, cooperation=bad)) == {
        "firm": [str(COOPERATION_FIRM_NOT_MEMBER)],
        "university": [str(COOPERATION_NOT_UNIVERSITY)],
        "ended_on": [str(COOPERATION_ENDS_BEFORE_START)],
    }
    assert not Cooperation.objects.exists()


def test_a_former_member_firm_may_have_a_cooperation(staff_a, cluster):
    former = ClusterMembershipFactory(
        cluster=cluster,
        joined_on=datetime.date(2020, 1, 1),
        left_on=datetime.date(2022, 1, 1),
    ).firm
    cooperation_save(
        actor=staff_a, cooperation=cooperation(cluster, former, OrganisationFactory())
    )
    assert Cooperation.objects.count() == 1


def test_a_cooperation_ending_before_it_starts_is_a_400(
    client, staff_a, cluster, member_firm
):
    university = OrganisationFactory()
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:cooperation_create", args=[cluster.slug]),
        {
            "firm": member_firm.pk,
            "university": university.pk,
            "kind": "contract",
            "title": "Test hizmeti",
            "started_on": f"{YEAR}-05-01",
            "ended_on": f"{YEAR}-04-01",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "ended_on": [str(COOPERATION_ENDS_BEFORE_START)]
    }
    assert not Cooperation.objects.exists()


def test_the_cooperation_form_saves_and_returns_to_the_cluster(
    client, staff_a, cluster, member_firm
):
    university = OrganisationFactory()
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:cooperation_create", args=[cluster.slug]),
        {
            "firm": member_firm.pk,
            "university": university.pk,
            "kind": "contract",
            "title": "Test hizmeti",
            "started_on": f"{YEAR}-05-01",
            "amount": "25000",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("clusters:manage", args=[cluster.slug]) + (
        "#cooperation"
    )
    assert Cooperation.objects.get().amount == Decimal("25000")


# --- grant applications -----------------------------------------------------

SUBMITTED = datetime.date(YEAR, 4, 1)


def grant(cluster, **fields):
    values = {
        "scheme": GrantScheme.objects.get(code="ur-ge"),
        "title": "İhracat pazarları UR-GE",
        "status": "submitted",
        "submitted_on": SUBMITTED,
        "amount_requested": Decimal("500000"),
    } | fields
    return GrantApplication(cluster=cluster, **values)


def test_an_approved_grant_without_an_amount_is_refused(staff_a, cluster):
    bad = grant(cluster, status="approved", decided_on=datetime.date(YEAR, 6, 1))
    assert errors_of(lambda: grant_save(actor=staff_a, grant=bad)) == {
        "amount_granted": [str(GRANT_APPROVED_NEEDS_AMOUNT)]
    }
    assert not GrantApplication.objects.exists()


def test_the_database_refuses_an_approved_grant_granted_nothing(cluster):
    with pytest.raises(IntegrityError), transaction.atomic():
        grant(
            cluster,
            status="approved",
            decided_on=datetime.date(YEAR, 6, 1),
            amount_granted=Decimal(0),
        ).save()


def test_an_approved_grant_without_an_amount_is_a_400_next_to_the_field(
    client, staff_a, cluster
):
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:grant_create", args=[cluster.slug]),
        {
            "scheme": GrantScheme.objects.get(code="ur-ge").pk,
            "title": "UR-GE",
            "status": "approved",
            "submitted_on": f"{YEAR}-04-01",
            "decided_on": f"{YEAR}-06-01",
            "amount_requested": "500000",
            "amount_granted": "",
            "assistance_hours": "0",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "amount_granted": [str(GRANT_APPROVED_NEEDS_AMOUNT)]
    }
    assert str(GRANT_APPROVED_NEEDS_AMOUNT) in response.content.decode()
    assert not GrantApplication.objects.exists()


def test_an_approved_grant_with_its_amount_is_saved(client, staff_a, cluster):
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:grant_create", args=[cluster.slug]),
        {
            "scheme": GrantScheme.objects.get(code="ur-ge").pk,
            "title": "UR-GE",
            "status": "approved",
            "submitted_on": f"{YEAR}-04-01",
            "decided_on": f"{YEAR}-06-01",
            "amount_requested": "500000",
            "amount_granted": "400000",
            "assistance_hours": "12.5",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("clusters:manage", args=[cluster.slug]) + "#grants"
    assert GrantApplication.objects.values_list(
        "status", "amount_granted", "assistance_hours"
    ).get() == ("approved", Decimal("400000"), Decimal("12.5"))


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"status": "preparing", "amount_granted": Decimal(1000)},
            {"amount_granted": [GRANT_AMOUNT_ONLY_WHEN_APPROVED]},
        ),
        ({"submitted_on": None}, {"submitted_on": [GRANT_NEEDS_SUBMITTED_ON]}),
        (
            {"status": "rejected"},
            {"decided_on": [GRANT_NEEDS_DECIDED_ON]},
        ),
        (
            {"decided_on": datetime.date(YEAR, 5, 1)},
            {"decided_on": [GRANT_DECIDED_ON_TOO_EARLY]},
        ),
        (
            {"status": "rejected", "decided_on": datetime.date(YEAR, 3, 1)},
            {"decided_on": [GRANT_DECIDED_BEFORE_SUBMITTED]},
        ),
        (
            {"amount_requested": Decimal(0)},
            {"amount_requested": [GRANT_AMOUNT_REQUESTED_POSITIVE]},
        ),
        (
            {"submitted_on": timezone.localdate() + datetime.timedelta(days=1)},
            {"submitted_on": [DATE_IN_FUTURE]},
        ),
    ],
)
def test_a_grant_application_tells_what_is_wrong(staff_a, cluster, fields, errors):
    assert errors_of(
        lambda: grant_save(actor=staff_a, grant=grant(cluster, **fields))
    ) == {field: [str(m) for m in messages] for field, messages in errors.items()}
    assert not GrantApplication.objects.exists()


def test_a_closed_scheme_takes_no_new_application(staff_a, cluster):
    closed = GrantScheme.objects.create(
        code="eski-program",
        name_tr="Eski program",
        name_en="Old programme",
        provider="Bakanlık",
        is_active=False,
    )
    assert errors_of(
        lambda: grant_save(actor=staff_a, grant=grant(cluster, scheme=closed))
    ) == {"scheme": [str(GRANT_SCHEME_CLOSED)]}
    made = GrantApplicationFactory(cluster=cluster, scheme=closed)
    made.status = "rejected"
    made.decided_on = datetime.date(2026, 5, 1)
    grant_save(actor=staff_a, grant=made)
    made.refresh_from_db()
    assert (made.scheme, made.status) == (closed, "rejected")


def test_a_grant_stays_in_its_cluster(staff_a, cluster, province_a):
    made = GrantApplicationFactory(cluster=cluster)
    made.cluster = ClusterFactory(province=province_a)
    grant_save(actor=staff_a, grant=made)
    assert GrantApplication.objects.get().cluster == cluster


def test_staff_of_another_province_cannot_save_a_grant(staff_b, cluster):
    with pytest.raises(PermissionDenied):
        grant_save(actor=staff_b, grant=grant(cluster))
    assert not GrantApplication.objects.exists()


def test_the_grant_form_of_another_province_is_a_404(client, staff_b, cluster):
    made = GrantApplicationFactory(cluster=cluster)
    client.force_login(staff_b)
    url = reverse("clusters:grant_update", args=[cluster.slug, made.pk])
    assert client.post(url, {"title": "x"}).status_code == 404
    assert GrantApplication.objects.get().title == made.title


def test_the_edit_pages_show_what_is_stored(
    client, staff_a, plan, cluster, member_firm
):
    held = stored_activity(plan, title="Ortak fuar")
    held.participants.add(member_firm)
    made = GrantApplicationFactory(cluster=cluster, title="KOSGEB işbirliği")
    together = cooperation_save(
        actor=staff_a,
        cooperation=cooperation(cluster, member_firm, OrganisationFactory()),
    )
    client.force_login(staff_a)
    pages = {
        "clusters:activity_update": (held.pk, "Ortak fuar"),
        "clusters:grant_update": (made.pk, "KOSGEB işbirliği"),
        "clusters:cooperation_update": (together.pk, "Ambalaj Ar-Ge projesi"),
    }
    for name, (pk, title) in pages.items():
        response = client.get(reverse(name, args=[cluster.slug, pk]))
        assert response.status_code == 200, name
        assert f'value="{title}"' in response.content.decode(), name
    form = client.get(
        reverse("clusters:activity_update", args=[cluster.slug, held.pk])
    ).context["form"]
    assert form["participants"].value() == [member_firm.pk]
