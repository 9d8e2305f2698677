"""The one province rule (infospots.scoping): how models declare it, the check
that no province-owned model forgets it, and what `for_user` gives each actor."""

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from clusters.models import ActionPlan, PartnerPost
from infospots.models import Firm, Province, Service
from infospots.scoping import (
    ScopedQuerySet,
    province_owned_errors,
    province_scope,
)
from kms.knowledge.models import Comment
from tests.factories import (
    ActionPlanFactory,
    ArticleFactory,
    ClusterFactory,
    CommentFactory,
    FirmFactory,
    PartnerPostFactory,
    ServiceFactory,
)

ACTORS = ["anonymous", "member", "staff_a", "staff_b", "manager", "admin_user"]


def province_owned_models():
    return [
        model
        for model in apps.get_models()
        if getattr(model, "province_path", None) is not None
    ]


# --- the declarations and their check ---------------------------------------------


def test_the_portal_declares_the_province_of_every_model_that_reaches_one():
    assert province_owned_errors(apps.get_models()) == []


def test_every_province_owned_model_is_one_of_the_portal_apps():
    labels = {model._meta.label for model in province_owned_models()}
    assert {"infospots.Firm", "infospots.Service", "clusters.Cluster"} <= labels
    assert {"knowledge.Article", "benchmarking.Snapshot"} <= labels
    # Declared public, not a province's rows.
    assert "infospots.InfoSpot" not in labels


@pytest.mark.parametrize(
    "model", province_owned_models(), ids=lambda model: model._meta.label
)
def test_every_province_owned_model_filters_staff_by_its_path(model, staff_a):
    """Staff see rows of their province only, through the declared path."""
    scoped = model.objects.for_user(staff_a)
    sql = str(scoped.query)
    assert isinstance(scoped, ScopedQuerySet)
    assert str(staff_a.staff_assignment.info_spot.province_id) in sql


@pytest.mark.parametrize(
    "model", province_owned_models(), ids=lambda model: model._meta.label
)
def test_every_province_owned_model_gives_visitors_nothing(model, anonymous):
    assert model.objects.for_user(anonymous).query.is_empty()


def model(name, **attrs):
    """A throwaway model (inside isolate_apps) with the given fields and
    declarations."""
    meta = type("Meta", (), {"app_label": "infospots"})
    return type(name, (models.Model,), {"__module__": __name__, "Meta": meta, **attrs})


def to_province():
    return models.ForeignKey(Province, on_delete=models.CASCADE)


@isolate_apps("infospots")
def test_the_check_names_a_model_that_reaches_a_province_without_a_path():
    office = model("Office", province=to_province())
    # Reaches a province through Office: it must say how it is scoped too.
    desk = model("Desk", office=models.ForeignKey(office, on_delete=models.CASCADE))
    errors = province_owned_errors([office, desk])
    assert [(e.id, e.obj) for e in errors] == [
        ("infospots.E001", office),
        ("infospots.E001", desk),
    ]


@isolate_apps("infospots")
def test_the_check_refuses_a_wrong_path_and_a_manager_without_for_user():
    office = model("Office", province=to_province(), province_path="provinec")
    room = model("Room", province=to_province(), province_path="province")
    errors = province_owned_errors([office, room])
    assert [(e.id, e.obj) for e in errors] == [
        ("infospots.E002", office),
        ("infospots.E003", office),
        ("infospots.E003", room),
    ]


@isolate_apps("infospots")
def test_the_check_accepts_a_declared_path_or_a_declared_public_model():
    office = model(
        "Office",
        province=to_province(),
        province_path="province",
        objects=ScopedQuerySet.as_manager(),
    )
    noticeboard = model("Noticeboard", province=to_province(), province_path=None)
    assert province_owned_errors([office, noticeboard]) == []


# --- what each actor gets ------------------------------------------------------------


@pytest.fixture
def rows(province_a, province_b, member):
    firm_a = FirmFactory(province=province_a)
    firm_a.memberships.create(user=member)
    firm_b = FirmFactory(province=province_b)
    cluster_a = ClusterFactory(province=province_a)
    cluster_b = ClusterFactory(province=province_b)
    return {
        "service_a": ServiceFactory(firm=firm_a),
        "service_b": ServiceFactory(firm=firm_b),
        "plan_a": ActionPlanFactory(cluster=cluster_a),
        "plan_b": ActionPlanFactory(cluster=cluster_b),
        "cluster_post_b": PartnerPostFactory(cluster=cluster_b, firm=None),
        "firm_post_a": PartnerPostFactory(cluster=None, firm=firm_a),
        "comment_a": CommentFactory(article=ArticleFactory(province=province_a)),
        "comment_national": CommentFactory(article=ArticleFactory(province=None)),
    }


# For each actor (ACTORS order), the rows for_user gives; the member's firm
# is in province A.
EXPECTED = {
    Service: [(), ("service_a",), ("service_a",), ("service_b",), "all", "all"],
    ActionPlan: [(), (), ("plan_a",), ("plan_b",), "all", "all"],
    PartnerPost: [
        (),
        (),
        ("firm_post_a",),
        ("cluster_post_b",),
        "all",
        "all",
    ],
    Comment: [(), (), ("comment_a",), (), "all", "all"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(EXPECTED), ids=lambda m: m.__name__)
@pytest.mark.parametrize("actor_index", range(len(ACTORS)), ids=ACTORS)
def test_for_user_gives_each_actor_its_rows(request, rows, model, actor_index):
    user = request.getfixturevalue(ACTORS[actor_index])
    expected = EXPECTED[model][actor_index]
    mine = {name: row for name, row in rows.items() if isinstance(row, model)}
    names = mine if expected == "all" else expected
    found = set(model.objects.for_user(user).values_list("pk", flat=True))
    assert found == {mine[name].pk for name in names}


@pytest.mark.django_db
def test_in_provinces_of_leaves_out_what_a_member_sees(member, rows):
    assert Firm.objects.for_user(member).count() == 1
    assert not Firm.objects.in_provinces_of(member).exists()


@pytest.mark.django_db
def test_the_scope_is_asked_once_per_user_object(staff_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        province_scope(user=staff_a)
        province_scope(user=staff_a)
