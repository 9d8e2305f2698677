"""The site's URLs with `/_trivial/` in front: the yardstick every page's
latency is divided by. It exists only here, never in kms.urls."""

from django.http import HttpResponse
from django.urls import path

from kms import urls as site_urls

TRIVIAL_PATH = "_trivial/"


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path(TRIVIAL_PATH, trivial), *site_urls.urlpatterns]

# The site's error views, if it names any.
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site_urls, _name):
        globals()[_name] = getattr(site_urls, _name)
