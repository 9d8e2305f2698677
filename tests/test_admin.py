"""Every Django admin page opens, searches and filters without error."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import PartnerInterest, PartnerPost
from kms.accounts.models import Role
from kms.accounts.services import ROLE_CHANGE_FORBIDDEN
from kms.knowledge.models import (
    Attachment,
    Bookmark,
    Comment,
    CommentFlag,
    CommentStatus,
    Follow,
    Tag,
)
from kms.knowledge.services.engagement import (
    article_vote,
    bookmark_toggle,
    comment_create,
    comment_flag,
    follow_create,
)
from tests.factories import (
    ArticleFactory,
    AttachmentFactory,
    CategoryFactory,
    ClusterFactory,
    PartnerPostFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)
# Rows only the portal itself writes: the admin shows them, never adds them.
READ_ONLY = {
    ("infospots", "importjob"),
    # Clusters change on the portal's pages, where their rules hold.
    *(
        ("clusters", name)
        for name in (
            "cluster",
            "statuschange",
            "candidatescore",
            "clustermembership",
            "participation",
            "actionplan",
            "activity",
            "evidence",
            "cooperation",
            "grantapplication",
            "partnerpost",
            "partnerinterest",
        )
    ),
    # Written by the computation of the programme targets only.
    ("benchmarking", "snapshot"),
    ("benchmarking", "computerun"),
    # Members write these on the site; comments are moderated by actions.
    *(("knowledge", name) for name in ("comment", "commentflag", "helpfulvote")),
    *(("knowledge", name) for name in ("bookmark", "follow", "attachment")),
}


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_admin_changelist_and_add_pages_open(admin_client, info_spot_a, app, model):
    changelist = reverse(f"admin:{app}_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Samsun"}).status_code == 200
    add = admin_client.get(reverse(f"admin:{app}_{model}_add"))
    assert add.status_code == (403 if (app, model) in READ_ONLY else 200)


@pytest.mark.parametrize(
    ("app", "model"),
    [
        (a, m)
        for a, m in REGISTERED
        if a in ("kms", "knowledge", "infospots", "clusters", "benchmarking")
    ],
)
def test_managers_read_the_programme_tables(client, manager, app, model):
    client.force_login(manager)
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200


def test_managers_cannot_open_third_party_tables(client, manager):
    client.force_login(manager)
    url = reverse("admin:django_celery_beat_periodictask_changelist")
    assert client.get(url).status_code == 403


def test_manager_changes_a_role_through_the_admin(client, manager, member):
    client.force_login(manager)
    url = reverse("admin:kms_user_change", args=[member.pk])
    data = {
        "email": member.email,
        "first_name": "Ali",
        "last_name": "Veli",
        "organisation": "",
        "role": Role.STAFF,
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.first_name) == (Role.STAFF, "Ali")


def test_manager_cannot_hand_out_the_admin_role(client, manager, member):
    client.force_login(manager)
    url = reverse("admin:kms_user_change", args=[member.pk])
    data = {
        "email": member.email,
        "first_name": "",
        "last_name": "",
        "organisation": "",
        "role": Role.ADMIN,
        "is_active": "on",
        "is_superuser": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    member.refresh_from_db()
    assert (member.role, member.is_superuser) == (Role.MEMBER, False)


def test_manager_cannot_edit_their_own_role(client, manager):
    client.force_login(manager)
    url = reverse("admin:kms_user_change", args=[manager.pk])
    data = {
        "email": manager.email,
        "first_name": "",
        "last_name": "",
        "organisation": "",
        "role": Role.MEMBER,
        "is_active": "on",
    }
    client.post(url, data)
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER


def test_admin_assigns_staff_to_an_info_spot(admin_client, member, info_spot_b):
    response = admin_client.post(
        reverse("admin:infospots_staffassignment_add"),
        {"user": member.pk, "info_spot": info_spot_b.pk},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.STAFF
    assert member.staff_assignment.info_spot == info_spot_b


def test_managers_cannot_change_an_admins_password_or_record(
    client, manager, admin_user
):
    client.force_login(manager)
    password_url = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    response = client.post(
        password_url,
        {"password1": "Taken-over-2026!", "password2": "Taken-over-2026!"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:kms_user_change", args=[admin_user.pk]),
        {"first_name": "Hacked", "role": Role.MEMBER, "is_active": ""},
    )
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.check_password("kms-demo-2026")
    assert (admin_user.first_name, admin_user.is_active) == ("Test", True)


def test_role_flags_and_email_are_read_only_in_the_change_form(admin_client, member):
    url = reverse("admin:kms_user_change", args=[member.pk])
    data = {
        "email": "other@example.org",
        "first_name": "",
        "last_name": "",
        "organisation": "",
        "role": Role.MEMBER,
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
    }
    assert admin_client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert (member.email, member.is_superuser, member.is_staff) == (
        "member@example.org",
        False,
        False,
    )


def test_admin_add_form_refuses_an_existing_address_in_other_letter_case(
    admin_client, member
):
    response = admin_client.post(
        reverse("admin:kms_user_add"),
        {
            "email": "Member@Example.org",
            "password1": "Kümelenme-2026!",
            "password2": "Kümelenme-2026!",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]


def test_admin_login_goes_through_the_rate_limited_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_assigning_an_admin_as_staff_is_refused_next_to_the_field(
    client, manager, admin_user, info_spot_a
):
    client.force_login(manager)
    response = client.post(
        reverse("admin:infospots_staffassignment_add"),
        {"user": admin_user.pk, "info_spot": info_spot_a.pk},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"] == [
        str(ROLE_CHANGE_FORBIDDEN)
    ]
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN


def test_an_assignment_moves_its_person_but_never_changes_person(
    admin_client, staff_a, member, info_spot_b
):
    assignment = staff_a.staff_assignment
    response = admin_client.post(
        reverse("admin:infospots_staffassignment_change", args=[assignment.pk]),
        {"user": member.pk, "info_spot": info_spot_b.pk},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.user, assignment.info_spot) == (staff_a, info_spot_b)
    member.refresh_from_db()
    assert member.role == Role.MEMBER


# --- every model, every filter --------------------------------------------------

# Models of the project's apps without an admin of their own, and why.
NOT_REGISTERED = {
    ("knowledge", "articlerevision"),  # an article's read-only inline
    ("knowledge", "searchword"),  # derived from the articles, rebuilt nightly
    ("benchmarking", "provincetarget"),  # a target's inline
    # django-simple-history's records: the firm's and the contact's history pages.
    ("infospots", "historicalfirm"),
    ("infospots", "historicalfirm_secondary_naces"),
    ("infospots", "historicalcontact"),
}
PROJECT_APPS = ("kms", "knowledge", "infospots", "clusters", "benchmarking")


def test_every_model_of_the_project_has_an_admin():
    models = {
        (model._meta.app_label, model._meta.model_name)
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }
    assert models - NOT_REGISTERED == {
        pair for pair in REGISTERED if pair[0] in PROJECT_APPS
    }


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_every_list_filter_opens(admin_client, info_spot_a, app, model):
    changelist = reverse(f"admin:{app}_{model}_changelist")
    response = admin_client.get(changelist)
    changelist_view = response.context["cl"]
    for spec in changelist_view.filter_specs:
        # The first choice is "All"; the second applies the filter.
        choices = list(spec.choices(changelist_view))[1:2]
        for choice in choices:
            assert (
                admin_client.get(changelist + choice["query_string"]).status_code == 200
            )


# --- the knowledge base: comments, reports, files, votes, bookmarks, follows ----

ENGAGEMENT = [
    "comment",
    "commentflag",
    "attachment",
    "helpfulvote",
    "bookmark",
    "follow",
]
# A filter that keeps the second row set of _two_sets (and not the first).
SECOND_SET_FILTERS = {
    "comment": {"status__exact": CommentStatus.HIDDEN},
    "commentflag": {"comment__status__exact": CommentStatus.HIDDEN},
    "attachment": {"article__language__exact": "en"},
    "helpfulvote": {"helpful__exact": "0"},
    "bookmark": {"article__language__exact": "en"},
    "follow": {"target": "tag"},
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _engagement(
    word, *, province=None, language="tr", hidden=False, helpful=True, tag=False
):
    """One row of every engagement table, written as members write them (the
    services), each one found by searching `word`. Returns them by model."""
    category = CategoryFactory(
        name_tr=f"{word} kategorisi",
        name_en=f"{word} category",
        parent=CategoryFactory(),
    )
    topic = Tag.objects.create(name=f"{word} etiketi", slug=word)
    article = ArticleFactory(
        title=f"{word} rehberi",
        category=category,
        language=language,
        province=province,
        tags=[topic],
    )
    reader = UserFactory(email=f"{word}@example.org")
    comment = comment_create(actor=reader, article=article, body=f"{word} yorumu")
    flag = comment_flag(actor=UserFactory(), comment=comment, reason=f"{word} reklam")
    if hidden:
        Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.HIDDEN)
    vote = article_vote(actor=reader, article=article, helpful=helpful, reason="Eksik")
    bookmark_toggle(actor=reader, article=article, saved=True)
    target = {"tag": topic} if tag else {"category": category}
    return {
        "article": article,
        "category": category,
        "tag": topic,
        "comment": comment,
        "commentflag": flag,
        "attachment": AttachmentFactory(article=article, original_name=f"{word}.pdf"),
        "helpfulvote": vote,
        "bookmark": Bookmark.objects.get(user=reader, article=article),
        "follow": follow_create(actor=reader, **target),
    }


def _two_sets(**first):
    """Rows "pamuk" (Turkish, visible, helpful, a category followed) and
    "zeytin" (English, hidden, not helpful, a tag followed)."""
    return (
        _engagement("pamuk", **first),
        _engagement("zeytin", language="en", hidden=True, helpful=False, tag=True),
    )


def _rows(response):
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize("model", ENGAGEMENT)
def test_engagement_changelists_search_and_filter(admin_client, media, model):
    _pamuk, zeytin = _two_sets()
    changelist = reverse(f"admin:knowledge_{model}_changelist")
    assert len(_rows(admin_client.get(changelist))) == 2
    assert _rows(admin_client.get(changelist, {"q": "zeytin"})) == [zeytin[model]]
    filtered = admin_client.get(changelist, SECOND_SET_FILTERS[model])
    assert _rows(filtered) == [zeytin[model]]


@pytest.mark.parametrize("model", [*ENGAGEMENT, "article", "category", "tag"])
def test_kms_changelist_queries_do_not_grow_with_rows(
    admin_client, media, django_assert_num_queries, model
):
    changelist = reverse(f"admin:knowledge_{model}_changelist")
    _engagement("urun0")
    with CaptureQueriesContext(connection) as one:
        assert len(_rows(admin_client.get(changelist))) >= 1
    for n in range(1, 6):
        _engagement(f"urun{n}", tag=n % 2 == 0)
    cache.clear()  # as cold as the first request (the user)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(_rows(admin_client.get(changelist))) >= 6


@pytest.mark.parametrize("model", ENGAGEMENT)
def test_members_engagement_is_shown_never_changed_in_the_admin(
    admin_client, media, model
):
    row = _engagement("pamuk")[model]
    change = reverse(f"admin:knowledge_{model}_change", args=[row.pk])
    response = admin_client.get(change)
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert admin_client.post(change, {}).status_code == 403
    add = reverse(f"admin:knowledge_{model}_add")
    assert admin_client.post(add, {}).status_code == 403
    assert type(row).objects.filter(pk=row.pk).count() == 1


@pytest.mark.parametrize("model", ["comment", "commentflag", "helpfulvote", "bookmark"])
def test_comments_reports_votes_and_bookmarks_cannot_be_deleted(
    admin_client, media, model
):
    row = _engagement("pamuk")[model]
    delete = reverse(f"admin:knowledge_{model}_delete", args=[row.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


def test_a_follow_deleted_in_the_admin_ends_the_members_digest(admin_client, media):
    follow = _engagement("pamuk")["follow"]
    delete = reverse("admin:knowledge_follow_delete", args=[follow.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Follow.objects.filter(pk=follow.pk).exists()


def test_attachments_deleted_in_the_admin_take_their_files_along(
    admin_client, media, django_capture_on_commit_callbacks
):
    attachments = [rows["attachment"] for rows in _two_sets()]
    paths = [Path(attachment.file.path) for attachment in attachments]
    assert all(path.exists() for path in paths)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:knowledge_attachment_changelist"),
            {
                "action": "delete_selected",
                ACTION_CHECKBOX_NAME: [a.pk for a in attachments],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not any(path.exists() for path in paths)


def test_admin_hides_and_restores_comments_through_the_services(
    admin_client, admin_user, media
):
    comments = [rows["comment"] for rows in _two_sets()]
    pks = [comment.pk for comment in comments]
    changelist = reverse("admin:knowledge_comment_changelist")
    response = admin_client.post(
        changelist, {"action": "hide_comments", ACTION_CHECKBOX_NAME: pks}
    )
    assert response.status_code == 302
    hidden = Comment.objects.filter(status=CommentStatus.HIDDEN).order_by("pk")
    # The one hidden already keeps who hid it; the other is hidden by the admin.
    assert list(hidden.values_list("moderated_by", flat=True)) == [admin_user.pk, None]
    assert len(_rows(admin_client.get(changelist, {"reported": "yes"}))) == 2

    response = admin_client.post(
        changelist, {"action": "restore_comments", ACTION_CHECKBOX_NAME: pks}
    )
    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", "flag_count")) == {
        (CommentStatus.VISIBLE, 0)
    }
    assert not CommentFlag.objects.exists()
    assert len(_rows(admin_client.get(changelist, {"reported": "no"}))) == 2


def test_unused_tags_are_found_by_the_filter(admin_client, media):
    used = _engagement("pamuk")["tag"]
    unused = Tag.objects.create(name="kullanılmayan", slug="kullanilmayan")
    changelist = reverse("admin:knowledge_tag_changelist")
    assert _rows(admin_client.get(changelist, {"in_use": "no"})) == [unused]
    assert _rows(admin_client.get(changelist, {"in_use": "yes"})) == [used]


def _staff_with_admin_access(staff, *codenames):
    """What a staff member would see if they ever got into Django admin."""
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    staff.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return staff


@pytest.mark.parametrize(
    ("model", "sees_own_province"),
    [
        ("article", True),
        ("comment", True),
        ("commentflag", True),
        ("attachment", True),
        # Nobody but the member sees these on the site.
        ("helpfulvote", False),
        ("bookmark", False),
        ("follow", False),
    ],
)
def test_kms_admin_lists_are_scoped_like_the_site(
    staff_a, manager, province_a, province_b, media, model, sees_own_province
):
    own = _engagement("pamuk", province=province_a)
    other = _engagement("zeytin", province=province_b)
    model_admin = admin.site._registry[type(own[model])]
    staff_rows = model_admin.get_queryset(SimpleNamespace(user=staff_a))
    assert list(staff_rows) == ([own[model]] if sees_own_province else [])
    national_rows = model_admin.get_queryset(SimpleNamespace(user=manager))
    assert set(national_rows) == {own[model], other[model]}


def test_staff_in_the_admin_moderate_only_their_provinces_comments(
    client, staff_a, province_a, province_b, media
):
    own = _engagement("pamuk", province=province_a)["comment"]
    other = _engagement("zeytin", province=province_b)["comment"]
    client.force_login(_staff_with_admin_access(staff_a, "view_comment"))
    changelist = reverse("admin:knowledge_comment_changelist")
    assert _rows(client.get(changelist)) == [own]
    response = client.post(
        changelist,
        {"action": "hide_comments", ACTION_CHECKBOX_NAME: [own.pk, other.pk]},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, own.moderated_by) == (CommentStatus.HIDDEN, staff_a)
    assert (other.status, other.moderated_by) == (CommentStatus.VISIBLE, None)


def test_partner_search_admin_lists_are_scoped_by_their_poster(
    staff_a, manager, member, province_a, province_b
):
    own = PartnerPostFactory(cluster=ClusterFactory(province=province_a))
    other = PartnerPostFactory(cluster=ClusterFactory(province=province_b))
    answers = [
        PartnerInterest.objects.create(post=post, user=member, message="İlgileniyoruz")
        for post in (own, other)
    ]
    for model_admin, own_row, rows in [
        (admin.site._registry[PartnerPost], own, {own, other}),
        (admin.site._registry[PartnerInterest], answers[0], set(answers)),
    ]:
        assert list(model_admin.get_queryset(SimpleNamespace(user=staff_a))) == [
            own_row
        ]
        assert set(model_admin.get_queryset(SimpleNamespace(user=manager))) == rows


def test_the_periodic_task_form_runs_no_inline_script(admin_client):
    """The site's CSP blocks inline scripts: the crontab help comes from a
    static file instead of django-celery-beat's inline one."""
    html = admin_client.get(
        "/admin/django_celery_beat/periodictask/add/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "periodic-task-overrides" not in html
    assert 'id="readable-crontabs"' in html
    assert '/static/js/periodic-task-admin.js" data-reads-as="Reads as:"' in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline == []
