"""FilterSets of the clusters app. They always receive a scoped queryset."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from kms.core.forms import StyledFormMixin
from kms.core.text import words

from .models import Cluster, ClusterStatus, Portfolio
from .selectors.directory import clusters_in_province, directory_provinces

DIRECTORY_PAGE_SIZE = 20
# What the directory may show: every status but "candidate".
PUBLIC_STATUSES = [(s.value, s.label) for s in ClusterStatus if s.value != "candidate"]


class FilterForm(StyledFormMixin, forms.Form):
    pass


class ClusterSort(django_filters.ChoiceFilter):
    """Name (the default), newest first or most members first; the primary
    key last, so that pages neither skip nor repeat rows."""

    ORDERS = {
        "name": ("name_key", "pk"),
        "newest": ("-created_at", "-pk"),
        "members": ("-member_count", "name_key", "pk"),
    }

    def __init__(self, **kwargs):
        super().__init__(
            choices=[
                ("name", _("Name")),
                ("newest", _("Newest first")),
                ("members", _("Most member firms")),
            ],
            empty_label=None,
            **kwargs,
        )

    def filter(self, qs, value):
        return qs.order_by(*self.ORDERS.get(value, self.ORDERS["name"]))


class ClusterFilter(django_filters.FilterSet):
    """The public directory's filters, over `directory_clusters()` (which
    annotates `member_count`, needed to sort by members)."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=None,
        method="in_province",
        empty_label=_("All provinces"),
    )
    portfolio = django_filters.ChoiceFilter(
        label=_("Sector portfolio"),
        choices=Portfolio.choices,
        empty_label=_("All portfolios"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PUBLIC_STATUSES, empty_label=_("All statuses")
    )
    sort = ClusterSort(label=_("Sort by"))

    class Meta:
        model = Cluster
        fields = []
        form = FilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["province"].queryset = directory_provinces()

    def in_province(self, queryset, name, value):
        return clusters_in_province(queryset, value)

    def search(self, queryset, name, value):
        for term in words(value):
            queryset = queryset.filter(search_key__contains=term)
        return queryset
