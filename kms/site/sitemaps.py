"""sitemap.xml: the pages search engines may list, gathered from the apps
that own them.

The index is Django's view. A section's page is written by `section` below:
Django's template engine took about 0.2 s for the 5,000 URLs of a page. Both
are plain GET views whose answer depends on the URL alone (no session, no
user), so that a shared cache may keep them.
"""

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_safe

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


def _day(lastmod) -> str:
    """A lastmod as the sitemap writes it: the day, in the site's time zone."""
    if isinstance(lastmod, dt.datetime):
        if timezone.is_aware(lastmod):
            lastmod = timezone.localtime(lastmod)
        return lastmod.date().isoformat()
    return lastmod.isoformat()


def _entry(url) -> str:
    parts = [f"<url><loc>{escape(url['location'])}</loc>"]
    if url["lastmod"]:
        parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
    if url["changefreq"]:
        parts.append(f"<changefreq>{url['changefreq']}</changefreq>")
    if url["priority"]:
        parts.append(f"<priority>{url['priority']}</priority>")
    parts.append("</url>\n")
    return "".join(parts)


@require_safe
def section(request, section):
    """One page (`?p=`) of one section of sitemap.xml, as Django's sitemap
    view writes it (its X-Robots-Tag and Last-Modified included)."""
    if section not in SITEMAPS:
        raise Http404
    sitemap = SITEMAPS[section]()
    try:
        urls = sitemap.get_urls(
            page=request.GET.get("p", 1),
            site=get_current_site(request),
            protocol=request.scheme,
        )
    except (EmptyPage, PageNotAnInteger):
        raise Http404 from None
    body = "".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n',
            *map(_entry, urls),
            "</urlset>\n",
        ]
    )
    response = HttpResponse(body, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    latest = getattr(sitemap, "latest_lastmod", None)
    if isinstance(latest, dt.datetime):
        response["Last-Modified"] = http_date(latest.timestamp())
    return response
