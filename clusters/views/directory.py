"""(stub: being written)"""

from django.http import Http404


def cluster_detail(request, **kwargs):
    raise Http404


def cluster_directory(request, **kwargs):
    raise Http404


def cluster_logo(request, **kwargs):
    raise Http404
