"""The knowledge base in sitemap.xml: public published articles only;
members-only articles never appear (kms.site gathers the sections).

A section's pages are ranges of ids (`IdRangeSitemap`): page n lists the
items with ids from (n - 1) * limit + 1 to n * limit, so that a page reads
at most `limit` rows through the primary key, the index counts no row
(the highest id gives the number of pages), and an item stays on its page
when others are added or removed.
"""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils.functional import cached_property

from .models import Article, Category, Tag


def _public_articles():
    return Article.objects.visible_to(AnonymousUser())


class IdRangePaginator(Paginator):
    """Pages of `per_page` ids: `count` is the highest id, not a count."""

    @cached_property
    def count(self) -> int:
        return self.object_list.aggregate(top=Max("pk"))["top"] or 0

    def page(self, number):
        number = self.validate_number(number)
        low = (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gt=low, pk__lte=low + self.per_page)
        return self._get_page(rows.order_by("pk"), number, self)


class IdRangeSitemap(Sitemap):
    """A section paged by ids, its URLs listed without Django's per-item
    indirections (about 60 µs an item; these sections have no i18n or
    alternates, and the same `changefreq` and `priority` for every item)."""

    @property
    def paginator(self):
        return IdRangePaginator(self._items(), self.limit)

    def _urls(self, page, protocol, domain):
        urls = [
            {
                "item": item,
                "location": f"{protocol}://{domain}{self.location(item)}",
                "lastmod": self.lastmod(item) if hasattr(self, "lastmod") else None,
                "changefreq": self.changefreq,
                "priority": str(self.priority),
                "alternates": [],
            }
            for item in self.paginator.page(page).object_list
        ]
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


class ArticleSitemap(IdRangeSitemap):
    changefreq = "monthly"
    priority = 0.8
    # About 200 KB of XML a page: served from the page cache as fast as a
    # trivial page (5,000 URLs, 540 KB, took three times as long to send).
    limit = 2000

    def items(self):
        # Plain rows, not model instances: 2,000 of them per page.
        return _public_articles().values("pk", "slug", "updated_at")

    def location(self, item):
        return self._prefix + item["slug"] + "/"

    @cached_property
    def _prefix(self) -> str:
        # The path of an article without its slug, reversed once per page
        # instead of once per article.
        return reverse("kms:article_detail", kwargs={"slug": "x"})[:-2]

    def lastmod(self, item):
        return item["updated_at"]

    def get_latest_lastmod(self):
        """For the index: read from the indexes, where Django's default
        would load every article."""
        return last_article_update()


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("position", "slug")

    def location(self, item):
        return reverse("kms:category", kwargs={"slug": item.slug})


class TagSitemap(IdRangeSitemap):
    """Tags with at least one public article: the others list nothing."""

    changefreq = "weekly"
    priority = 0.4
    limit = 5000

    def items(self):
        # One public article of the tag, looked up for each tag through the
        # (tag, article) index: a subquery with LIMIT is not turned into a
        # join over every article of every tag.
        one_public = Subquery(
            Article.tags.through.objects.filter(
                tag_id=OuterRef("pk"), article__in=_public_articles()
            ).values("article_id")[:1]
        )
        return (
            Tag.objects.annotate(one_public=one_public)
            .filter(one_public__isnull=False)
            .values("pk", "slug")
        )

    def location(self, item):
        return self._prefix + item["slug"] + "/"

    @cached_property
    def _prefix(self) -> str:
        return reverse("kms:tag", kwargs={"slug": "x"})[:-2]


def last_article_update() -> dt.datetime | None:
    """When a public article last changed or was published (publishing does
    not touch `updated_at`), from two indexes."""
    last = _public_articles().aggregate(
        updated=Max("updated_at"), published=Max("published_at")
    )
    return max(filter(None, last.values()), default=None)
