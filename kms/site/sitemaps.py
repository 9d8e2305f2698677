"""sitemap.xml: the pages search engines may list, gathered from the apps
that own them."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from infospots.sitemaps import InfoSpotSitemap
from kms.knowledge.sitemaps import (
    ArticleSitemap,
    CategorySitemap,
    TagSitemap,
    last_article_update,
)


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
            return last_article_update()
        return None


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "infospots": InfoSpotSitemap,
}
