"""Forms of a cluster's work: action plans, activities, evidence files,
university-industry cooperation, grant applications.

They check the shape of each field; the rules between fields (dates in
order, an approved grant's amount, who may take part) are the services',
which put each message on its field.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from infospots.models import Firm
from kms.core.filekinds import ACCEPT
from kms.core.forms import (
    CheckedModelMultipleChoiceField,
    DateInput,
    ServiceValidatedModelForm,
    StyledFormMixin,
)

from ..models import (
    Activity,
    Cluster,
    Cooperation,
    GrantApplication,
    GrantScheme,
    Organisation,
)
from ..models.work import FIRST_PLAN_YEAR, LAST_PLAN_YEAR


class PlanForm(StyledFormMixin, forms.Form):
    # No bounds here: the service says which years are allowed.
    year = forms.IntegerField(
        label=_("Year"),
        widget=forms.NumberInput(
            attrs={"min": FIRST_PLAN_YEAR, "max": LAST_PLAN_YEAR, "step": 1}
        ),
    )
    objectives = forms.CharField(
        label=_("Objectives"),
        required=False,
        max_length=5000,
        help_text=_("What the cluster means to achieve this year."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class FirmsField(CheckedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.legal_name


def cluster_firms(cluster: Cluster):
    """Firms that are or were members of the cluster."""
    return Firm.objects.filter(cluster_memberships__cluster=cluster).distinct()


class ActivityForm(ServiceValidatedModelForm):
    participants = FirmsField(
        label=_("Participating firms"),
        queryset=Firm.objects.none(),
        required=False,
        help_text=_(
            "Member firms of the cluster. Hold Ctrl (⌘ on a Mac) to choose "
            "more than one."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Activity
        fields = ["kind", "title", "starts_on", "ends_on", "status", "outputs"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "outputs": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "outputs": _(
                "What came out of it: people trained, meetings held, contracts, "
                "reports."
            ),
        }

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = cluster_firms(cluster).order_by(
            "legal_name", "pk"
        )
        if self.instance.pk is not None:
            self.initial["participants"] = [
                firm.pk for firm in self.instance.participants.all()
            ]


class EvidenceForm(StyledFormMixin, forms.Form):
    """Only the file: the service decides whether it may be attached
    (kms.core.filekinds), so that every way in is checked the same."""

    file = forms.FileField(
        label=_("Evidence file"),
        max_length=None,
        allow_empty_file=True,
        help_text=_(
            "An attendance list, a photo, a report: PDF, Word, Excel, "
            "PowerPoint, OpenDocument, or an image (PNG, JPEG, GIF, WebP)."
        ),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )


class CooperationForm(ServiceValidatedModelForm):
    firm = forms.ModelChoiceField(label=_("Firm"), queryset=Firm.objects.none())
    university = forms.ModelChoiceField(
        label=_("University or research body"),
        queryset=Organisation.objects.universities(),
    )

    class Meta:
        model = Cooperation
        fields = [
            "firm",
            "university",
            "kind",
            "title",
            "started_on",
            "ended_on",
            "amount",
            "notes",
        ]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"ended_on": _("Leave empty while it runs.")}

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = cluster_firms(cluster).order_by(
            "legal_name", "pk"
        )
        self.fields["firm"].label_from_instance = lambda firm: firm.legal_name


class GrantForm(ServiceValidatedModelForm):
    class Meta:
        model = GrantApplication
        fields = [
            "scheme",
            "title",
            "status",
            "submitted_on",
            "decided_on",
            "amount_requested",
            "amount_granted",
            "assistance_hours",
            "assistance_notes",
        ]
        widgets = {
            "submitted_on": DateInput(),
            "decided_on": DateInput(),
            "assistance_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "submitted_on": _("Needed once the application is submitted."),
            "decided_on": _("Needed once the application is approved or rejected."),
            "amount_granted": _("Only for an approved application."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # New applications go to open schemes; one already made keeps its own.
        self.fields["scheme"].queryset = GrantScheme.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.scheme_id)
        )
