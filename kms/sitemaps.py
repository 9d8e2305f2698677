"""sitemap.xml: the pages search engines may list. Public published articles
only; members-only articles never appear."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from infospots.models import InfoSpot

from .models import Article, Category, Tag


def _public_articles():
    return Article.objects.visible_to(AnonymousUser())


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return _public_articles().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("position", "slug")

    def location(self, item):
        return reverse("kms:category", kwargs={"slug": item.slug})


class TagSitemap(Sitemap):
    """Tags with at least one public article: the others list nothing."""

    changefreq = "weekly"
    priority = 0.4

    def items(self):
        tagged = _public_articles().filter(tags=OuterRef("pk"))
        return Tag.objects.filter(Exists(tagged)).order_by("slug")

    def location(self, item):
        return reverse("kms:tag", kwargs={"slug": item.slug})


class InfoSpotSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return InfoSpot.objects.active().order_by("slug")


class PageSitemap(Sitemap):
    """Fixed public pages."""

    changefreq = "daily"
    priority = 1.0

    def items(self):
        return [
            "home",
            "kms:article_list",
            "infospots:info_spot_list",
            "infospots:firm_directory",
        ]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item == "kms:article_list":
            return _public_articles().aggregate(last=Max("updated_at"))["last"]
        return None


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "infospots": InfoSpotSitemap,
}
