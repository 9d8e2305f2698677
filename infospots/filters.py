"""FilterSets of the infospots app. They always receive a scoped queryset."""

import django_filters
from django import forms
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from kms.core.dates import DayRangeFilter
from kms.core.forms import StyledFormMixin
from kms.core.text import words

from .models import Firm, InfoSpot, NaceDivision, NaceSection, SizeClass
from .scoping import visible_provinces
from .selectors import firm_districts

PAGE_SIZES = (25, 50, 100)
# The size-class choice that means every small or medium-sized enterprise.
SME = "sme"


class FilterForm(StyledFormMixin, forms.Form):
    pass


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts with the primary key last, so pages neither skip nor repeat rows.

    Each way of sorting is `(field, parameter, ascending label, descending
    label)`: both directions are named in the portal's own words. Left to
    django-filter, the descending one would be "%s (descending)" from its
    own catalogue, formatted once at import in whatever language was active
    then (English pages read "Ad (descending)").
    """

    def __init__(self, *, orders, **kwargs):
        super().__init__(
            fields=[(field, param) for field, param, _up, _down in orders],
            choices=[
                choice
                for _field, param, up, down in orders
                for choice in ((param, up), (f"-{param}", down))
            ],
            **kwargs,
        )

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


# The name in an expression the (province, name) indexes cannot give.
NAME_KEY = Concat(F("name_key"), Value(""))


def _found_by_name(firms):
    """Sort what a search found by name without walking a name index.

    Walking the index in name order, PostgreSQL tests every firm's name
    until it has a page of matches: "tekstil" (1,000 of Samsun's 30,000
    firms, all near the end of the alphabet) cost 40 ms that way. Sorting
    the matches the trigram index finds costs 10 ms, and grows with the
    matches rather than with the firms.
    """
    order = firms.query.order_by or firms.model._meta.ordering
    return firms.order_by(
        *(
            {"name_key": NAME_KEY.asc(), "-name_key": NAME_KEY.desc()}.get(key, key)
            for key in order
        )
    )


class FirmFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name or tax id"), method="search", max_length=100
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=None, empty_label=_("All provinces")
    )
    # Choices are the districts of the firms the user may see (exact match:
    # no case folding in the database, which gets the Turkish İ wrong).
    district = django_filters.ChoiceFilter(
        label=_("District"), choices=[], empty_label=_("All districts")
    )
    section = django_filters.ModelChoiceFilter(
        label=_("NACE section"),
        field_name="primary_nace__section",
        queryset=NaceSection.objects.all(),
        empty_label=_("All sections"),
    )
    division = django_filters.ModelChoiceFilter(
        label=_("NACE division"),
        field_name="primary_nace",
        queryset=NaceDivision.objects.all(),
        empty_label=_("All divisions"),
    )
    size_class = django_filters.ChoiceFilter(
        label=_("Size class"),
        choices=[
            *SizeClass.choices,
            (SME, _("SMEs (micro, small, medium or without figures)")),
        ],
        empty_label=_("All sizes"),
        method="filter_size_class",
    )
    reached = django_filters.ChoiceFilter(
        label=_("Reached"),
        choices=[("true", _("Reached")), ("false", _("Not yet reached"))],
        empty_label=_("All firms"),
        method="filter_reached",
    )
    registered = DayRangeFilter(field_name="created_at", label=_("Registered between"))
    info_spot = django_filters.ModelChoiceFilter(
        label=_("Info Spot"), queryset=None, empty_label=_("All Info Spots")
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        orders=(
            ("name_key", "name", _("Name, A to Z"), _("Name, Z to A")),
            (
                "province__plate",
                "province",
                _("Province, by plate code (01 to 81)"),
                _("Province, by plate code (81 to 01)"),
            ),
            (
                "size_rank",
                "size",
                _("Size class, smallest first"),
                _("Size class, largest first"),
            ),
            (
                "created_at",
                "registered",
                _("Registration date, oldest first"),
                _("Registration date, newest first"),
            ),
        ),
    )

    class Meta:
        model = Firm
        fields = []
        form = FilterForm

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        provinces = visible_provinces(user=user)
        self.filters["province"].queryset = provinces
        self.filters["info_spot"].queryset = InfoSpot.objects.filter(
            province__in=provinces
        ).select_related("province")
        self.filters["district"].extra["choices"] = [
            (d, d) for d in firm_districts(user=user, firms=queryset)
        ]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("q") and words(self.form.cleaned_data["q"]):
            queryset = _found_by_name(queryset)
        return queryset

    def filter_size_class(self, queryset, name, value):
        """One class, or every SME: all but large firms, those without figures
        included, as the programme counts SMEs (infospots.metrics)."""
        if value == SME:
            return queryset.exclude(size_class=SizeClass.LARGE)
        return queryset.filter(size_class=value)

    def filter_reached(self, queryset, name, value):
        return queryset.filter_reached(value == "true")

    def search(self, queryset, name, value):
        for term in words(value):
            queryset = queryset.filter(search_key__contains=term)
        return queryset
