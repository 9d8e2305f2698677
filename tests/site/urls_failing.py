"""Views that fail on purpose, to see the site's error pages."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from kms.urls import urlpatterns as site_urls


def boom(request):
    raise RuntimeError("boom")


def bad_request(request):
    raise BadRequest


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", boom),
    path("bad-request/", bad_request),
    path("forbidden/", forbidden),
    *site_urls,
]
