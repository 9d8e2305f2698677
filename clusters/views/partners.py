"""(stub: being written)"""

from django.http import Http404


def partner_close(request, **kwargs):
    raise Http404


def partner_create(request, **kwargs):
    raise Http404


def partner_detail(request, **kwargs):
    raise Http404


def partner_interest(request, **kwargs):
    raise Http404


def partner_list(request, **kwargs):
    raise Http404
