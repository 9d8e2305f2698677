"""Forms of the staff pages of a cluster: profile, status, selection scores,
participants, and the shared organisation records."""

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _

from infospots.models import Firm, NaceDivision, Province
from infospots.scoping import visible_provinces
from kms.core.forms import DateInput, ServiceValidatedModelForm, StyledFormMixin
from kms.core.text import one_line, words

from ..models import (
    LIFECYCLE,
    SCORE_MAX,
    SCORE_MIN,
    Cluster,
    ClusterStatus,
    MemberRole,
    Organisation,
    OrganisationKind,
    ParticipationRole,
)
from ..validators import LOGO_MAX_BYTES

LOGO_ACCEPT = "image/png,image/jpeg,image/webp"
LIFECYCLE_HELP = _(
    "The lifecycle is candidate → identified → priority → formed → active; an "
    "active cluster may go dormant and become active again. The next step "
    "needs no reason. Skipping a step, going back, going dormant from any "
    "other status, or dissolving the cluster needs one."
)


class ClusterForm(ServiceValidatedModelForm):
    """A cluster's profile. The logo is checked by the service, which reads
    its content (kms.core.filekinds), not by this form."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        max_length=None,
        help_text=lazy(
            lambda: (
                _("PNG, JPEG or WebP, at most %(size)s. Leave empty to keep it.")
                % {"size": filesizeformat(LOGO_MAX_BYTES)}
            ),
            str,
        )(),
        widget=forms.FileInput(attrs={"accept": LOGO_ACCEPT}),
    )
    # Named like the service's error key: a future date lands on this field.
    changed_on = forms.DateField(
        label=_("Candidate since"),
        required=False,
        help_text=_("The date it became a candidate. Leave empty for today."),
        widget=DateInput(),
    )

    class Meta:
        model = Cluster
        fields = [
            "name",
            "province",
            "other_provinces",
            "portfolio",
            "naces",
            "coordinator",
            "description",
            "website",
            "founded_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "other_provinces": forms.SelectMultiple(attrs={"size": 6}),
            "naces": forms.SelectMultiple(attrs={"size": 8}),
            "founded_on": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = visible_provinces(user=user)
        self.fields["province"].queryset = provinces
        self.fields["other_provinces"].queryset = Province.objects.all()
        self.fields["naces"].queryset = NaceDivision.objects.all()
        self.fields["coordinator"].queryset = Organisation.objects.all()
        self.fields["other_provinces"].help_text = _(
            "Firms of these provinces may become members too."
        )
        if self.instance.pk is not None:
            del self.fields["changed_on"]
        elif len(ids := list(provinces.values_list("pk", flat=True)[:2])) == 1:
            self.fields["province"].initial = ids[0]


class StatusForm(StyledFormMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=ClusterStatus.choices)
    changed_on = forms.DateField(label=_("Date of the change"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        help_text=LIFECYCLE_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["changed_on"].initial = timezone.localdate()
        if cluster.status in LIFECYCLE[:-1]:
            self.fields["to_status"].initial = LIFECYCLE[
                LIFECYCLE.index(cluster.status) + 1
            ]


SCORE_CHOICES = [
    ("", "–"),
    (SCORE_MIN, _("1 · weak")),
    *((n, str(n)) for n in range(SCORE_MIN + 1, SCORE_MAX)),
    (SCORE_MAX, _("5 · strong")),
]


class ScoresForm(StyledFormMixin, forms.Form):
    """One score (1-5) and rationale per selection criterion.

    A criterion left without score and rationale is not touched; a rationale
    without a score is refused by the service.
    """

    def __init__(self, *args, criteria, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            saved = existing.get(criterion.pk)
            self.fields[f"score_{criterion.code}"] = forms.TypedChoiceField(
                label=_("Score"),
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=saved.score if saved else None,
                # Added after StyledFormMixin styled the declared fields.
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"rationale_{criterion.code}"] = forms.CharField(
                label=_("Rationale"),
                required=False,
                max_length=2000,
                initial=saved.rationale if saved else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def rows(self):
        return [
            (c, self[f"score_{c.code}"], self[f"rationale_{c.code}"])
            for c in self.criteria
        ]

    def scores(self) -> dict:
        """{criterion: (score, rationale)} for the criteria given an answer."""
        answers = {}
        for criterion in self.criteria:
            score = self.cleaned_data[f"score_{criterion.code}"]
            rationale = self.cleaned_data[f"rationale_{criterion.code}"]
            if score is not None or rationale:
                answers[criterion] = (score, rationale)
        return answers


class FirmChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.legal_name} · {obj.province.name}"


class ShownChoices(ModelChoiceIterator):
    """The options a select shows: `rows()`, not the whole queryset of the
    field, which still decides what may be chosen."""

    def __init__(self, field, rows):
        super().__init__(field)
        self.rows = rows

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.rows():
            yield self.choice(obj)

    def __len__(self):
        return len(self.rows()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.rows())


FIRMS_SHOWN = 50
FIRM_QUERY_MAX = 100


@dataclass(frozen=True)
class FirmSearch:
    """The firms a search shows: at most FIRMS_SHOWN, by name."""

    query: str
    firms: list
    more: bool  # More firms match than are shown.


class MembershipForm(StyledFormMixin, forms.Form):
    """A firm joining (no `left_on`), or a membership's role and dates.

    A firm may be any the user sees in the provinces the cluster reaches:
    thousands of them. The select shows those matching `query` (a name or a
    tax id, in part), at most FIRMS_SHOWN; the choice is checked against them
    all.
    """

    firm = FirmChoiceField(
        label=_("Firm"),
        queryset=Firm.objects.none(),
        help_text=_(
            "Firms of the registry in the provinces the cluster reaches, by "
            "name. Search to list others."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    left_on = forms.DateField(
        label=_("Left on"),
        required=False,
        help_text=_("Set it when the firm leaves the cluster; empty while it is in."),
        widget=DateInput(),
    )

    def __init__(self, *args, cluster, user, membership=None, query="", **kwargs):
        super().__init__(*args, **kwargs)
        self.query = one_line(query)[:FIRM_QUERY_MAX]
        if membership is None:
            del self.fields["left_on"]
            field = self.fields["firm"]
            field.queryset = (
                Firm.objects.for_user(user)
                .filter(
                    Q(province=cluster.province_id)
                    | Q(province__in=cluster.other_provinces.values("pk"))
                )
                .select_related("province")
            )
            field.widget.choices = ShownChoices(field, self._shown_firms)
            self.fields["role"].initial = MemberRole.MEMBER
            self.fields["joined_on"].initial = timezone.localdate()
        else:
            del self.fields["firm"]
            self.initial.update(
                role=membership.role,
                joined_on=membership.joined_on,
                left_on=membership.left_on,
            )

    @cached_property
    def firm_search(self) -> FirmSearch:
        """One query, whenever the select or the search's status is shown."""
        firms = self.fields["firm"].queryset
        for term in words(self.query):
            firms = firms.filter(search_key__contains=term)
        found = list(firms.order_by("name_key", "pk")[: FIRMS_SHOWN + 1])
        return FirmSearch(
            query=self.query, firms=found[:FIRMS_SHOWN], more=len(found) > FIRMS_SHOWN
        )

    def _shown_firms(self) -> list:
        firms = self.firm_search.firms
        # A firm chosen before the form was refused stays chosen.
        chosen = (
            self.cleaned_data.get("firm") if hasattr(self, "cleaned_data") else None
        )
        if chosen is not None and chosen not in firms:
            firms = [chosen, *firms]
        return firms


class ParticipationForm(StyledFormMixin, forms.Form):
    """An organisation joining (no `left_on`), or its role and dates."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    role = forms.ChoiceField(label=_("Role"), choices=ParticipationRole.choices)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    left_on = forms.DateField(
        label=_("Left on"),
        required=False,
        help_text=_(
            "Set it when the organisation leaves the cluster; empty while it "
            "takes part."
        ),
        widget=DateInput(),
    )

    def __init__(self, *args, participation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if participation is None:
            del self.fields["left_on"]
            self.fields["role"].initial = ParticipationRole.PARTNER
            self.fields["joined_on"].initial = timezone.localdate()
        else:
            del self.fields["organisation"]
            self.initial.update(
                role=participation.role,
                joined_on=participation.joined_on,
                left_on=participation.left_on,
            )


class OrganisationForm(ServiceValidatedModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "province", "website"]
        help_texts = {
            "name": _("The full official name, e.g. Ondokuz Mayıs Üniversitesi."),
            "province": _("Where it is based; leave empty for national bodies."),
        }


class OrganisationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *OrganisationKind.choices],
    )
