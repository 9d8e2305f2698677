"""The national-scale data phases, at a small scale: each builds what is
missing and nothing the second time, and seed_demo still works after them."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from clusters.models import Cluster, ClusterMembership
from infospots.models import AnnualFigures, Firm, Service
from kms.knowledge.models import Article, Tag
from perf.data import build as data
from perf.data.articles import Articles, SearchIndex
from perf.data.clusters import Clusters
from perf.data.registry import Figures, Firms, Services

pytestmark = pytest.mark.django_db


def small():
    return [Firms(60), Services(), Figures(), Clusters(6), Articles(40), SearchIndex()]


def test_the_phases_build_what_is_missing_then_nothing(reference_data):
    said = []
    assert data.build(steps=small(), say=said.append) == 6
    firms, services, figures = (
        Firm.objects.count(),
        Service.objects.count(),
        AnnualFigures.objects.count(),
    )
    memberships, articles = ClusterMembership.objects.count(), Article.objects.count()
    assert firms == 60
    assert services > 0
    assert 0 < figures < firms
    assert Cluster.objects.count() == 6
    assert memberships > 0
    assert articles == 40
    assert not Article.objects.filter(search_text="").exists()
    assert [phase.missing() for phase in small()] == [0] * 6

    said.clear()
    assert data.build(steps=small(), say=said.append) == 0
    assert said == [f"{phase.name}: complete" for phase in small()]
    assert Firm.objects.count() == firms
    assert Service.objects.count() == services
    assert ClusterMembership.objects.count() == memberships
    assert Article.objects.count() == articles


def test_an_interrupted_phase_completes_the_same_rows(reference_data):
    data.build(steps=[Firms(30)], say=lambda line: None)
    first = set(Firm.objects.values_list("tax_id", "legal_name"))
    Firm.objects.filter(pk__in=Firm.objects.order_by("-pk")[:10].values("pk")).delete()
    assert Firms(30).missing() == 10
    data.build(steps=[Firms(30)], say=lambda line: None)
    assert set(Firm.objects.values_list("tax_id", "legal_name")) == first


def test_seed_demo_works_before_and_after_the_articles(reference_data):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    demo_tag = Tag.objects.get(name="ihracat")
    data.build(steps=[Articles(30)], say=lambda line: None)
    assert Tag.objects.filter(name="ihracat").get() == demo_tag
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert Tag.objects.filter(name="ihracat").count() == 1


def test_seed_demo_works_after_the_articles_alone(reference_data):
    data.build(steps=[Articles(30)], say=lambda line: None)
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert Tag.objects.filter(slug="ihracat").count() == 1


def test_the_data_command_refuses_anything_but_postgresql(monkeypatch):
    # Whatever database the suite runs on, one that is not PostgreSQL.
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("loadtest_data", stdout=io.StringIO())
