"""The programme's metrics over the knowledge base (kms.core.metrics)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kms.core.dates import day_start
from kms.core.metrics import Metric, register

from .models import Article


def articles_published(as_of: dt.date):
    """Articles published by the end of `as_of`, by the author's province
    (national authors' articles count nationally)."""
    return Article.objects.published().filter(
        published_at__lt=day_start(as_of + dt.timedelta(days=1))
    )


register(
    Metric(
        code="articles_published",
        label=_("Knowledge articles published"),
        unit=ngettext_lazy("article", "articles"),
        depends_on=("knowledge.Article",),
        records=articles_published,
    )
)
