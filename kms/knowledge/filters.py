"""The knowledge base's list filters. They receive the articles the visitor may
already read (`Article.objects.visible_to(user)`), never all of them."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from infospots.models import NaceSection
from kms.accounts.permissions import is_signed_in
from kms.core.dates import DayRangeFilter
from kms.core.forms import StyledFormMixin

from .models import Article, ArticleLanguage, Tag
from .search import SearchResult, Sort, parse_query, search
from .selectors.search import category_and_descendants, category_tree

PAGE_SIZE = 20
# A list counts and pages no further (10 pages): counting all 100,000
# articles on each request cost more than the rest of the page, and counting
# the 200 first of a tag's 8,000 reads about 1,000 index and table pages
# (docs/loadtests/search.md).
LIST_CAP = 200
NEWEST = ("-published_at", "-pk")
# The search box and the sort select sit outside the sidebar's <form> and
# belong to it through this id (HTML's form attribute).
FORM_ID = "kms-article-filter"


SORT_CHOICES = [
    (Sort.RELEVANCE, _("Relevance")),
    (Sort.NEWEST, _("Newest first")),
    (Sort.READS, _("Most read")),
    (Sort.HELPFUL, _("Most helpful")),
]
# Relevance is ranked by kms.knowledge.search itself.
ORDERINGS = {
    Sort.NEWEST: ("-published_at", "-pk"),
    Sort.READS: ("-read_count", "-published_at", "-pk"),
    Sort.HELPFUL: ("-helpful_yes", "-published_at", "-pk"),
}


class ArticleFilterForm(StyledFormMixin, forms.Form):
    pass


class ArticleFilter(django_filters.FilterSet):
    # Searched by search(), in the rows the other filters leave.
    q = django_filters.CharFilter(label=_("Search"), method="keep", max_length=200)
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=[],
        method="filter_category",
        empty_label=_("All categories"),
    )
    tag = django_filters.ChoiceFilter(
        label=_("Tag"), choices=[], method="filter_tag", empty_label=_("All tags")
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=[],
        method="filter_sector",
        empty_label=_("All sectors"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=ArticleLanguage.choices,
        empty_label=_("Both languages"),
    )
    published = DayRangeFilter(field_name="published_at", label=_("Published between"))
    # Applied last, in filter_queryset or search(), with a default when left
    # empty.
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="keep",
        empty_label=None,
    )

    class Meta:
        model = Article
        fields = []
        form = ArticleFilterForm

    def __init__(self, data=None, queryset=None, *, fixed=(), **kwargs):
        """`fixed`: names of filters the page sets itself (a category page
        has no category choice); they are left out of the form."""
        data = data.copy() if data is not None else None
        # A query without any word ("?!") lists the articles as without one.
        self.searching = bool(data and parse_query(data.get("q") or ""))
        if (
            data is not None
            and not self.searching
            and data.get("sort") == Sort.RELEVANCE
        ):
            # Relevance without a query is the newest first: no error for the
            # visitor who cleared the search box after sorting by relevance.
            data.pop("sort")
        super().__init__(data, queryset, **kwargs)
        for name in fixed:
            self.filters.pop(name)
        self.tree = category_tree() if "category" in self.filters else []
        if "category" in self.filters:
            self.filters["category"].extra["choices"] = [
                (node.category.slug, f"{'— ' * node.depth}{node.category.name}")
                for node in self.tree
            ]
        self.tags = {}
        if "tag" in self.filters:
            tags = list(Tag.objects.values_list("slug", "pk", "name"))
            self.tags = {slug: pk for slug, pk, _name in tags}
            self.filters["tag"].extra["choices"] = [(s, n) for s, _pk, n in tags]
        self.sections = {s.code: s for s in NaceSection.objects.all()}
        self.filters["sector"].extra["choices"] = [
            (code, str(section)) for code, section in self.sections.items()
        ]
        choices = SORT_CHOICES if self.searching else SORT_CHOICES[1:]
        self.filters["sort"].extra["choices"] = choices

    # --- filters ---------------------------------------------------------------

    def filter_category(self, queryset, name, value):
        category = next(n.category for n in self.tree if n.category.slug == value)
        return queryset.filter(
            category_id__in=category_and_descendants(category, self.tree)
        )

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags=self.tags[value])

    def filter_sector(self, queryset, name, value):
        return queryset.filter(sectors=self.sections[value])

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        """The filtered rows in the order of the sort; a search orders the
        rows it finds itself (search())."""
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*ORDERINGS.get(self.sort_applied(), NEWEST))

    def search(self) -> SearchResult | None:
        """The filtered rows that match the query, in the order of the sort
        (see kms.knowledge.search); None without a query. A visitor's query
        is corrected with the words of public articles only."""
        query = self.form.cleaned_data.get("q")
        if not query:
            return None
        user = getattr(self.request, "user", None)
        return search(
            self.qs,
            query,
            sort=self.sort_applied(),
            public_only=not is_signed_in(user),
        )

    @property
    def default_sort(self) -> str:
        """The sort an empty choice means. The select submits it as empty, so
        that typing a query after browsing by date sorts by relevance."""
        return Sort.RELEVANCE if self.searching else Sort.NEWEST

    def sort_applied(self) -> str:
        """The sort in force: the chosen one, else relevance when searching,
        else the newest first."""
        chosen = getattr(self.form, "cleaned_data", {}).get("sort")
        return chosen or self.default_sort
