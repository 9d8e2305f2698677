"""(stub: being written)"""

from django.http import Http404


def activity_create(request, **kwargs):
    raise Http404


def activity_update(request, **kwargs):
    raise Http404


def cooperation_create(request, **kwargs):
    raise Http404


def cooperation_update(request, **kwargs):
    raise Http404


def evidence_download(request, **kwargs):
    raise Http404


def evidence_upload(request, **kwargs):
    raise Http404


def grant_create(request, **kwargs):
    raise Http404


def grant_update(request, **kwargs):
    raise Http404


def plan_create(request, **kwargs):
    raise Http404


def plan_detail(request, **kwargs):
    raise Http404
