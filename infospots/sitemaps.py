"""The Info Spots' pages in sitemap.xml (kms.site gathers the sections)."""

from django.contrib.sitemaps import Sitemap

from .models import InfoSpot


class InfoSpotSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return InfoSpot.objects.active().order_by("slug")
