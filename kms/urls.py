"""Root URL configuration. The paths here are fixed points (see README)."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from kms.core.pagecache import public_page
from kms.site import sitemaps, views

# What the sitemap lists: the apps with public pages.
SITEMAP_SECTIONS = ("knowledge", "clusters", "infospots")

# The admin login goes through allauth's, with its rate limits.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("KMS administration")
admin.site.site_title = _("KMS administration")
admin.site.index_title = _("Knowledge Management System")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", views.choose_language, name="choose_language"),
    path("kms/", include("kms.knowledge.urls")),
    path(
        "sitemap.xml",
        public_page(*SITEMAP_SECTIONS)(sitemap_views.index),
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(*SITEMAP_SECTIONS)(sitemaps.section),
        name="sitemap_section",
    ),
    path("clusters/", include("clusters.urls")),
    path("dashboard/", include("benchmarking.urls")),
    path("", include("infospots.urls")),
]

# MEDIA_ROOT is never served as such, not even with DEBUG on: attachments and
# import files leave only through views that check who is asking.
