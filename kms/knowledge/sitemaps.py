"""The knowledge base in sitemap.xml: public published articles only;
members-only articles never appear (kms.site gathers the sections)."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

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


def last_article_update():
    """When a public article last changed, for the list page's entry."""
    return _public_articles().aggregate(last=Max("updated_at"))["last"]
