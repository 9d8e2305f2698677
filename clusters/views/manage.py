"""(stub: being written)"""

from django.http import Http404


def candidate_ranking(request, **kwargs):
    raise Http404


def cluster_create(request, **kwargs):
    raise Http404


def cluster_manage(request, **kwargs):
    raise Http404


def cluster_scores(request, **kwargs):
    raise Http404


def cluster_status(request, **kwargs):
    raise Http404


def cluster_update(request, **kwargs):
    raise Http404


def membership_create(request, **kwargs):
    raise Http404


def membership_update(request, **kwargs):
    raise Http404


def organisation_create(request, **kwargs):
    raise Http404


def organisation_list(request, **kwargs):
    raise Http404


def organisation_update(request, **kwargs):
    raise Http404


def participation_create(request, **kwargs):
    raise Http404


def participation_update(request, **kwargs):
    raise Http404
