"""Reads of an article: counted in Redis, written by the flush every minute;
without Redis, written at once (tests/knowledge/test_articles.py)."""

import pytest
from django.conf import settings

from kms.knowledge.models import Article
from kms.knowledge.services.reads import count_read, flush_reads
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.REDIS_URL,
        reason="reads wait in Redis only with REDIS_URL (CI's PostgreSQL + Redis run)",
    ),
]


def test_reads_wait_in_redis_until_the_flush(client):
    article = ArticleFactory(read_count=5)
    other = ArticleFactory(read_count=0)
    for _ in range(3):
        client.get(article.get_absolute_url())  # rendered once, then cached
    count_read(other.pk)
    assert Article.objects.get(pk=article.pk).read_count == 5
    assert flush_reads() == 4
    assert Article.objects.get(pk=article.pk).read_count == 8
    assert Article.objects.get(pk=other.pk).read_count == 1
    assert flush_reads() == 0  # nothing counted twice


def test_a_flush_replaces_no_stored_page(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    count_read(article.pk)
    flush_reads()
    assert not client.get(article.get_absolute_url()).templates
