"""(stub: being written)"""

from django.http import Http404


def national_dashboard(request, **kwargs):
    raise Http404


def province_dashboard(request, **kwargs):
    raise Http404
