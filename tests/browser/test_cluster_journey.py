"""Clusters in a real browser: Samsun staff take a new cluster from candidate
to active (scores, lifecycle, members, an organisation, a completed action
plan, an approved grant), a visitor finds a cluster in the directory in
Turkish and in English, a Trabzon member answers a Samsun partner-search post
and the poster reads the answer, and the internal pages stay scoped.

Screenshots land in test-artifacts/screenshots/ (60- onwards). The Turkish
UI is not fully translated yet: assertions use data (names, numbers, dates,
addresses), element ids and form field names, or patterns that match both
languages, so that they hold before and after the translations.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusters.models import (
    HELIX_OF_KIND,
    ActionPlan,
    ActivityStatus,
    Cluster,
    ClusterMembership,
    ClusterStatus,
    GrantApplication,
    GrantScheme,
    GrantStatus,
    Helix,
    Participation,
    PartnerInterest,
    PartnerPost,
)
from clusters.models.clusters import StatusChange
from infospots.models import Firm, NaceDivision, NaceSection
from tests.browser.helpers import (
    eventually,
    expect_status,
    goto_status,
    log_in,
    to_english,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = "staff.samsun@example.org"
OTHER_STAFF = "staff.trabzon@example.org"
MEMBER = "sme@example.org"  # a user of Karadeniz Tarım Makineleri (Samsun)
TRABZON_MEMBER = "sme.trabzon@example.org"  # a user of Uzungöl Fındık (Trabzon)

NEW_CLUSTER = "Bafra Çeltik ve Gıda İşleme Kümesi"
NEW_DESCRIPTION = (
    "Bafra ovasında çeltik, pirinç ve sebze işleyen firmaları bir araya getirir: "
    "ortak kurutma, paketleme ve ihracat pazarları."
)
BAFRA = "Bafra Pirinç Gıda San. Ltd. Şti."
CARSAMBA = "Çarşamba Mobilya İmalat Ltd. Şti."
YESILIRMAK = "Yeşilırmak Tekstil Konfeksiyon Ltd. Şti."
OMU = "Ondokuz Mayıs Üniversitesi"

TARIM = "Samsun Tarım Makineleri Kümesi"
MEDIKAL = "Samsun Medikal Cihaz Kümesi"
KARATARIM = "Karadeniz Tarım Makineleri San. ve Tic. Ltd. Şti."
SAMDOKUM = "Samsun Döküm ve Makine San. A.Ş."

POST_TOPIC = "Hastane steril ambalajı için tedarikçi ve test laboratuvarı aranıyor"
POST_DESCRIPTION = (
    "Kümemiz tek kullanımlık steril ambalaj için Karadeniz'de bir tedarikçi ve "
    "ISO 11607 testlerini yapacak bir laboratuvar arıyor."
)
INTEREST_MESSAGE = (
    "Uzungöl Fındık olarak gıda sınıfı ambalaj hattımızı steril ambalaja "
    "uyarlamayı düşünüyoruz; görüşmek isteriz."
)

SAVE = re.compile(r"^\s*(Save|Kaydet)")


# --- plumbing -----------------------------------------------------------------


def submit(page):
    """Submit the page's main form (its primary button)."""
    page.locator("main form button[type=submit].btn-primary").click()


def submit_refused(page):
    """Submit a form the server answers with a 400 (its errors shown)."""
    expect_status(page, 400)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        submit(page)
    assert answer.value.status == 400, answer.value.status
    page.wait_for_load_state()


def main_link(page, path):
    """A link in the page's main part to `path` (the end of its address)."""
    return page.locator(f"main a[href$='{path}']")


# --- 1. staff: candidate to active ------------------------------------------------


def test_staff_take_a_new_cluster_from_candidate_to_active(
    open_page, demo_site, screenshots
):
    page = open_page()
    log_in(page, demo_site, STAFF)
    today = timezone.localdate()

    # A new candidate, recorded from the candidates' page.
    page.goto(demo_site + "/clusters/candidates/")
    main_link(page, "/clusters/new/").first.click()
    expect(page).to_have_url(re.compile(r"/clusters/new/$"))
    page.fill("#id_name", NEW_CLUSTER)
    expect(page.locator("#id_province option:checked")).to_have_text("Samsun")
    page.select_option("#id_portfolio", "food")
    page.select_option("#id_naces", value=str(NaceDivision.objects.get(code="10").pk))
    page.fill("#id_description", NEW_DESCRIPTION)
    page.fill("#id_website", "https://celtik.bafra.example.org")
    page.screenshot(path=screenshots / "60-cluster-new-form-tr.png", full_page=True)
    submit(page)
    expect(page).to_have_url(re.compile(r"/clusters/[\w-]+/manage/$"))
    expect(page.get_by_role("heading", level=1, name=NEW_CLUSTER)).to_be_visible()
    cluster = Cluster.objects.get(name=NEW_CLUSTER)
    assert (cluster.status, cluster.province.name, cluster.portfolio) == (
        ClusterStatus.CANDIDATE,
        "Samsun",
        "food",
    )
    assert list(cluster.naces.values_list("code", flat=True)) == ["10"]
    slug = cluster.slug
    manage_url = f"{demo_site}/clusters/{slug}/manage/"
    assert page.url.startswith(manage_url)

    # Scores on the four criteria: 5, 4, 3, 4 with weights 30, 25, 25, 20.
    main_link(page, f"/clusters/{slug}/scores/").first.click()
    for code, score in (
        ("economic-impact", "5"),
        ("demand", "4"),
        ("networking", "3"),
        ("factor-conditions", "4"),
    ):
        page.select_option(f"[name='score_{code}']", score)
    page.fill(
        "[name='rationale_economic-impact']",
        "Bafra ovası Türkiye çeltiğinin önemli bir kısmını üretir.",
    )
    page.screenshot(path=screenshots / "61-cluster-scores-tr.png", full_page=True)
    submit(page)
    expect(page).to_have_url(re.compile(rf"/clusters/{slug}/manage/#selection$"))
    assert sorted(cluster.scores.values_list("score", flat=True)) == [3, 4, 4, 5]

    # The ranking of Samsun's candidates shows it, with its weighted total.
    page.goto(demo_site + "/clusters/candidates/")
    row = page.locator("main tbody tr").filter(
        has=page.get_by_role("link", name=NEW_CLUSTER)
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text(re.compile(r"4[.,]05 / 5"))
    expect(row).to_contain_text("81 %")
    page.screenshot(path=screenshots / "62-candidates-ranking-tr.png", full_page=True)

    # A jump from candidate to formed without a reason is refused.
    page.goto(f"{demo_site}/clusters/{slug}/status/")
    expect(page.locator("#id_to_status")).to_have_value("identified")
    page.select_option("#id_to_status", "formed")
    submit_refused(page)
    expect(page.locator("#id_reason_error")).to_be_visible()
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    page.screenshot(path=screenshots / "63-status-skip-refused-tr.png", full_page=True)
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.CANDIDATE
    assert StatusChange.objects.filter(cluster=cluster).count() == 1

    # Then step by step: identified, priority, formed, active.
    for status in ("identified", "priority", "formed", "active"):
        page.goto(f"{demo_site}/clusters/{slug}/status/")
        expect(page.locator("#id_to_status")).to_have_value(status)
        submit(page)
        expect(page).to_have_url(re.compile(rf"/clusters/{slug}/manage/#status$"))
    cluster.refresh_from_db()
    assert (cluster.status, cluster.status_since) == (ClusterStatus.ACTIVE, today)
    assert list(
        StatusChange.objects.filter(cluster=cluster)
        .order_by("pk")
        .values_list("to_status", flat=True)
    ) == ["candidate", "identified", "priority", "formed", "active"]
    expect(page.locator("#status tbody tr")).to_have_count(5)

    # Three member firms of Samsun.
    for name, role in (
        (BAFRA, "founding"),
        (CARSAMBA, "member"),
        (YESILIRMAK, "member"),
    ):
        page.goto(f"{demo_site}/clusters/{slug}/members/new/")
        page.select_option("#id_firm", label=f"{name} · Samsun")
        page.select_option("#id_role", role)
        expect(page.locator("#id_joined_on")).to_have_value(today.isoformat())
        submit(page)
        expect(page).to_have_url(re.compile(rf"/clusters/{slug}/manage/#members$"))
        expect(page.locator("#members tbody")).to_contain_text(name)
    assert set(
        ClusterMembership.objects.filter(
            cluster=cluster, left_on__isnull=True
        ).values_list("firm__legal_name", flat=True)
    ) == {BAFRA, CARSAMBA, YESILIRMAK}

    # A date of leaving before the date of joining is refused.
    membership = ClusterMembership.objects.get(
        cluster=cluster, firm__legal_name=YESILIRMAK
    )
    page.goto(f"{demo_site}/clusters/{slug}/members/{membership.pk}/edit/")
    page.fill("#id_left_on", (today - dt.timedelta(days=30)).isoformat())
    submit_refused(page)
    expect(page.locator("#id_left_on_error")).to_be_visible()
    page.screenshot(
        path=screenshots / "64-member-left-before-joined-tr.png", full_page=True
    )
    membership.refresh_from_db()
    assert (membership.joined_on, membership.left_on) == (today, None)

    # Ondokuz Mayıs Üniversitesi takes part as a partner.
    page.goto(f"{demo_site}/clusters/{slug}/organisations/new/")
    page.select_option("#id_organisation", label=OMU)
    page.select_option("#id_role", "partner")
    submit(page)
    expect(page).to_have_url(re.compile(rf"/clusters/{slug}/manage/#organisations$"))
    expect(page.locator("#organisations tbody")).to_contain_text(OMU)
    participation = Participation.objects.get(cluster=cluster)
    assert (participation.organisation.name, participation.role) == (OMU, "partner")

    # The 2026 action plan, with two activities.
    page.goto(f"{demo_site}/clusters/{slug}/plans/new/")
    page.fill("#id_year", "2026")
    page.fill(
        "#id_objectives",
        "Ortak kurutma tesisinin fizibilitesi ve ilk ihracat fuarı.",
    )
    submit(page)
    expect(page).to_have_url(re.compile(rf"/clusters/{slug}/plans/2026/$"))
    plan = ActionPlan.objects.get(cluster=cluster, year=2026)

    main_link(page, f"/clusters/{slug}/plans/2026/activities/new/").click()
    page.select_option("#id_kind", "training")
    page.fill("#id_title", "Gıda güvenliği ve BRC sertifikası eğitimi")
    page.fill("#id_starts_on", "2026-03-10")
    page.fill("#id_ends_on", "2026-03-11")
    page.select_option("#id_status", "planned")
    page.select_option("#id_participants", label=[BAFRA, CARSAMBA])
    page.fill("#id_outputs", "22 katılımcı; BRC eksik listesi çıkarıldı.")
    submit(page)
    expect(page).to_have_url(re.compile(rf"/clusters/{slug}/plans/2026/#activity-\d+$"))

    # An activity that ends before it starts is refused.
    main_link(page, f"/clusters/{slug}/plans/2026/activities/new/").click()
    page.select_option("#id_kind", "b2b")
    page.fill("#id_title", "Irak pirinç alıcılarıyla ikili görüşmeler")
    page.fill("#id_starts_on", "2026-06-15")
    page.fill("#id_ends_on", "2026-06-10")
    page.select_option("#id_status", "planned")
    submit_refused(page)
    expect(page.locator("#id_ends_on_error")).to_be_visible()
    page.screenshot(
        path=screenshots / "65-activity-ends-before-start-tr.png", full_page=True
    )
    assert plan.activities.count() == 1
    page.fill("#id_ends_on", "2026-06-15")
    submit(page)
    expect(page).to_have_url(re.compile(rf"/clusters/{slug}/plans/2026/#activity-\d+$"))
    expect(page.locator("#plan-progress .badge.text-bg-warning")).to_contain_text("2")

    # Both done: the plan's "completed" state follows from its activities.
    for activity in plan.activities.order_by("starts_on"):
        page.goto(f"{demo_site}/clusters/{slug}/activities/{activity.pk}/edit/")
        page.select_option("#id_status", "completed")
        submit(page)
        expect(page).to_have_url(
            re.compile(rf"/clusters/{slug}/plans/2026/#activity-{activity.pk}$")
        )
    completed = page.locator("#plan-progress .badge.text-bg-success")
    expect(completed).to_be_visible()
    expect(completed).to_contain_text("2026")
    expect(page.locator("#plan-progress .badge.text-bg-warning")).to_have_count(0)
    page.screenshot(path=screenshots / "66-plan-completed-tr.png", full_page=True)
    assert set(plan.activities.values_list("status", flat=True)) == {
        ActivityStatus.COMPLETED
    }
    assert ActionPlan.objects.with_progress().get(pk=plan.pk).completed_on == dt.date(
        2026, 6, 15
    )

    # A grant application: approved needs the amount granted.
    scheme = GrantScheme.objects.get(code="kosgeb-cooperation")
    page.goto(f"{demo_site}/clusters/{slug}/grants/new/")
    page.select_option("#id_scheme", str(scheme.pk))
    page.fill("#id_title", "Ortak çeltik kurutma ve paketleme tesisi")
    page.select_option("#id_status", "approved")
    page.fill("#id_submitted_on", "2026-04-01")
    page.fill("#id_decided_on", "2026-09-15")
    page.fill("#id_amount_requested", "750000")
    page.fill("#id_assistance_hours", "24")
    submit_refused(page)
    expect(page.locator("#id_amount_granted_error")).to_be_visible()
    page.screenshot(
        path=screenshots / "67-grant-approved-without-amount-tr.png", full_page=True
    )
    assert not GrantApplication.objects.filter(cluster=cluster).exists()
    page.fill("#id_amount_granted", "600000")
    submit(page)
    expect(page).to_have_url(re.compile(rf"/clusters/{slug}/manage/#grants$"))
    grant = GrantApplication.objects.get(cluster=cluster)
    assert (grant.status, grant.amount_requested, grant.amount_granted) == (
        GrantStatus.APPROVED,
        Decimal("750000"),
        Decimal("600000"),
    )
    expect(page.locator("#grants tbody")).to_contain_text(re.compile(r"600[.,]000"))

    # The hub: active, three firms and a university, the plan done, the grant.
    expect(page.locator("#members tbody tr")).to_have_count(3)
    expect(page.locator("#organisations tbody tr")).to_have_count(1)
    expect(page.locator("#work tbody tr")).to_have_count(1)
    expect(page.locator("#work tbody .badge.text-bg-success")).to_be_visible()
    expect(page.locator("#participants .kms-stat-value")).to_have_text(
        ["3", "1", "0", "0"]
    )
    page.screenshot(path=screenshots / "68-hub-active-tr.png", full_page=True)

    # The public profile now shows it, and the directory lists it.
    to_english(page)
    page.screenshot(path=screenshots / "69-hub-active-en.png", full_page=True)
    page.goto(demo_site + "/clusters/?q=celtik")
    expect(
        page.get_by_role("main").get_by_role("link", name=NEW_CLUSTER)
    ).to_be_visible()


# --- 2. a visitor finds a cluster -------------------------------------------------


def helix_counts(cluster):
    counts = dict.fromkeys(Helix, 0)
    counts[Helix.INDUSTRY] = cluster.memberships.filter(left_on__isnull=True).count()
    for participation in cluster.participations.filter(
        left_on__isnull=True
    ).select_related("organisation"):
        counts[HELIX_OF_KIND[participation.organisation.kind]] += 1
    return [str(counts[helix]) for helix in Helix]


def chart_drawn(page):
    return page.evaluate(
        """() => {
            const canvas = document.getElementById("cluster-map-chart");
            return !!(canvas && window.Chart && window.Chart.getChart(canvas)
                      && canvas.width > 0 && canvas.height > 0);
        }"""
    )


def test_visitor_finds_a_cluster_in_the_directory(open_page, demo_site, screenshots):
    tarim = Cluster.objects.get(name=TARIM)
    # One member firm did not agree to be listed, one did.
    Firm.objects.filter(legal_name=SAMDOKUM).update(listed_publicly=False)
    Firm.objects.filter(legal_name=KARATARIM).update(listed_publicly=True)
    active_members = tarim.memberships.filter(left_on__isnull=True)
    unlisted = active_members.filter(firm__listed_publicly=False).count()
    assert unlisted >= 1

    page = open_page()
    page.goto(demo_site + "/")
    page.get_by_role("navigation").locator("a[href='/clusters/']").first.click()
    expect(page).to_have_url(re.compile(r"/clusters/$"))
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    public = Cluster.objects.public()
    expect(page.locator("main article.card")).to_have_count(public.count())
    candidate = Cluster.objects.filter(status=ClusterStatus.CANDIDATE).first()
    assert candidate is not None
    expect(page.get_by_role("link", name=candidate.name)).to_have_count(0)
    expect(page.locator("#cluster-map-chart")).to_be_visible()
    assert chart_drawn(page)
    page.screenshot(path=screenshots / "70-directory-tr.png", full_page=True)

    # Samsun, then a search typed with Turkish capitals.
    page.select_option("#id_province", label="Samsun")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]province=\d+"))
    titles = page.locator("main article h3").all_inner_texts()
    assert {TARIM, MEDIKAL} <= set(titles)
    assert all(
        c.province.name == "Samsun"
        or "Samsun" in c.other_provinces.values_list("name", flat=True)
        for c in Cluster.objects.filter(name__in=titles)
    )
    page.fill("#id_q", "TARIM MAKİNELERİ")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(page.locator("main article h3")).to_have_text([TARIM])
    assert chart_drawn(page)
    page.screenshot(
        path=screenshots / "71-directory-samsun-search-tr.png", full_page=True
    )

    # The profile: participants by type, unlisted firms counted, not named.
    page.get_by_role("link", name=TARIM).click()
    expect(page).to_have_url(re.compile(rf"/clusters/{tarim.slug}/$"))
    expect(page.get_by_role("heading", level=1, name=TARIM)).to_be_visible()
    expect(page.locator("#participants-heading ~ ul .kms-stat-value")).to_have_text(
        helix_counts(tarim)
    )
    listed, hidden = (
        Firm.objects.get(legal_name=KARATARIM),
        Firm.objects.get(legal_name=SAMDOKUM),
    )
    members_table = page.locator("table[aria-labelledby=members-heading]")
    expect(members_table).to_contain_text(str(listed))
    for name in {hidden.legal_name, str(hidden)}:
        expect(page.get_by_role("main")).not_to_contain_text(name)
    expect(page.locator("#members-heading")).to_contain_text(
        str(active_members.count())
    )
    expect(page.locator("main .bi-incognito").locator("..")).to_contain_text(
        str(unlisted)
    )
    expect(page.locator("main a[href$='/manage/']")).to_have_count(0)
    page.screenshot(path=screenshots / "72-profile-tr.png", full_page=True)

    # A candidate is not public: no profile, as if it did not exist.
    goto_status(page, f"{demo_site}/clusters/{candidate.slug}/", 404)
    page.goto(f"{demo_site}/clusters/{tarim.slug}/")

    # The same in English.
    to_english(page)
    expect(page.locator("#participants-heading")).to_have_text("Participants")
    for name in {hidden.legal_name, str(hidden)}:
        expect(page.get_by_role("main")).not_to_contain_text(name)
    page.screenshot(path=screenshots / "73-profile-en.png", full_page=True)
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Clusters"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Clusters")).to_be_visible()
    expect(page.locator("main article.card")).to_have_count(public.count())
    assert chart_drawn(page)
    page.screenshot(path=screenshots / "74-directory-en.png", full_page=True)

    # On a phone.
    phone = open_page(width=390, height=844)
    phone.goto(demo_site + "/clusters/")
    expect(phone.locator("main article.card").first).to_be_visible()
    assert chart_drawn(phone)
    assert phone.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"
    )
    phone.screenshot(path=screenshots / "75-directory-mobile-tr.png", full_page=True)


# --- 3. partner search -----------------------------------------------------------


def test_a_member_answers_a_cluster_post_and_staff_read_the_answer(
    open_page, demo_site, screenshots, real_worker, mailoutbox
):
    medikal = Cluster.objects.get(name=MEDIKAL)
    staff = open_page()
    log_in(staff, demo_site, STAFF)
    staff.goto(demo_site + "/clusters/partners/new/")
    staff.select_option("#id_poster", f"cluster-{medikal.pk}")
    staff.select_option("#id_kind", "request")
    staff.fill("#id_topic", POST_TOPIC)
    staff.fill("#id_description", POST_DESCRIPTION)
    staff.select_option("#id_sectors", value=str(NaceSection.objects.get(code="C").pk))
    staff.fill(
        "#id_expires_on",
        (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    )
    submit(staff)
    post = PartnerPost.objects.get(topic=POST_TOPIC)
    expect(staff).to_have_url(re.compile(rf"/clusters/partners/{post.pk}/$"))
    assert (post.cluster, post.author.email) == (medikal, STAFF)

    # A member of a Trabzon firm finds it and answers.
    member = open_page()
    log_in(member, demo_site, TRABZON_MEMBER)
    member.goto(demo_site + "/clusters/partners/")
    member.fill("#filter_q", "steril ambalaj")
    member.locator("main form button[type=submit]").first.click()
    expect(member).to_have_url(re.compile(r"[?&]q="))
    member.get_by_role("link", name=POST_TOPIC).click()
    expect(member.get_by_role("heading", level=1, name=POST_TOPIC)).to_be_visible()
    expect(member.locator("#answers")).to_have_count(0)
    member.fill("#interest_message", INTEREST_MESSAGE)
    member.screenshot(
        path=screenshots / "76-partner-post-answer-tr.png", full_page=True
    )
    member.locator("#interest form button[type=submit]").click()
    expect(member).to_have_url(re.compile(rf"/clusters/partners/{post.pk}/#interest$"))
    expect(member.locator("#interest .alert-success")).to_be_visible()
    expect(member.locator("#interest form")).to_have_count(0)
    member.screenshot(
        path=screenshots / "77-partner-post-answered-tr.png", full_page=True
    )
    interest = PartnerInterest.objects.get(post=post)
    assert (interest.user.email, interest.message, interest.firm.legal_name) == (
        TRABZON_MEMBER,
        INTEREST_MESSAGE,
        "Uzungöl Fındık Gıda San. A.Ş.",
    )

    # The poster is told by e-mail and reads the answer on the post's page.
    eventually(lambda: len(mailoutbox) == 1)
    assert mailoutbox[0].to == [STAFF]
    staff.reload()
    answers = staff.locator("#answers tbody tr")
    expect(answers).to_have_count(1)
    expect(answers).to_contain_text(TRABZON_MEMBER)
    expect(answers).to_contain_text(INTEREST_MESSAGE)
    expect(answers).to_contain_text("Uzungöl Fındık")
    staff.screenshot(
        path=screenshots / "78-partner-answers-staff-tr.png", full_page=True
    )


# --- 4. scoping ------------------------------------------------------------------


def test_internal_pages_are_scoped(open_page, demo_site, screenshots):
    tarim = Cluster.objects.get(name=TARIM)
    hub = f"{demo_site}/clusters/{tarim.slug}/manage/"

    other = open_page()
    log_in(other, demo_site, OTHER_STAFF)
    goto_status(other, hub, 404)
    goto_status(other, f"{demo_site}/clusters/{tarim.slug}/status/", 404)
    plan_year = tarim.action_plans.order_by("year").first().year
    goto_status(other, f"{demo_site}/clusters/{tarim.slug}/plans/{plan_year}/", 404)

    # A user of a member firm reads the hub, and changes nothing.
    member = open_page()
    log_in(member, demo_site, MEMBER)
    member.goto(hub)
    expect(member.get_by_role("heading", level=1, name=TARIM)).to_be_visible()
    expect(member.locator("#members tbody tr")).to_have_count(tarim.memberships.count())
    expect(member.locator("#work tbody tr")).to_have_count(tarim.action_plans.count())
    for path in ("/edit/", "/status/", "/scores/", "/new/"):
        expect(
            member.locator(f"main a[href*='/clusters/{tarim.slug}'][href$='{path}']")
        ).to_have_count(0)
    expect(member.locator("main a[href*='/edit/']")).to_have_count(0)
    expect(member.locator("main .alert-info[role=status]")).to_be_visible()
    member.screenshot(
        path=screenshots / "79-hub-member-read-only-tr.png", full_page=True
    )
    goto_status(member, f"{demo_site}/clusters/{tarim.slug}/status/", 403)
    goto_status(member, f"{demo_site}/clusters/{tarim.slug}/members/new/", 403)
    member.goto(f"{demo_site}/clusters/{tarim.slug}/plans/{plan_year}/")
    expect(member.locator("main a[href*='/activities/']")).to_have_count(0)
    expect(member.locator("main form[action*='/evidence/']")).to_have_count(0)
    # The Medikal cluster is not theirs: 404 for its internal page.
    medikal = Cluster.objects.get(name=MEDIKAL)
    goto_status(member, f"{demo_site}/clusters/{medikal.slug}/manage/", 404)
