"""Forms of partner search: the public list's filters, a new post, an answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infospots.models import NaceSection
from kms.core.forms import DateInput, StyledFormMixin

from ..models import PartnerInterest, PartnerPost, PostKind
from ..selectors.partners import postable_clusters, postable_firms
from ..services.partners import MESSAGE_REQUIRED

POSTER_NOT_ALLOWED = _(
    "Choose one of the clusters or firms offered: you may post only for them. "
    "A firm posts here while it is a member of a cluster and listed in the "
    "public firm directory."
)


class PartnerFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("Offers and requests")), *PostKind.choices],
        required=False,
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=NaceSection.objects.all(),
        empty_label=_("All sectors"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["type"] = "search"


def _choice(kind: str, pk: int) -> str:
    return f"{kind}-{pk}"


class PartnerPostForm(StyledFormMixin, forms.ModelForm):
    """A new post. "On behalf of" offers only whom the user may post for
    (never a firm that is not listed publicly: a post shows its name)."""

    poster = forms.ChoiceField(
        label=_("On behalf of"),
        error_messages={"invalid_choice": POSTER_NOT_ALLOWED},
    )

    class Meta:
        model = PartnerPost
        fields = ["kind", "topic", "description", "sectors", "expires_on"]
        labels = {
            "kind": _("Offer or request"),
            "topic": _("Topic"),
            "description": _("Description"),
            "sectors": _("Sectors"),
            "expires_on": _("Open until"),
        }
        help_texts = {
            "topic": _("One line: what you offer or look for."),
            "description": _(
                "Plain text, up to 5,000 characters: what you offer or need, "
                "and what kind of partner you look for."
            ),
            "sectors": _(
                "The NACE sections of the partners you look for. Hold Ctrl "
                "(⌘ on a Mac) to choose several."
            ),
            "expires_on": _(
                "The post leaves the list after this day; at most a year ahead."
            ),
        }
        widgets = {
            "kind": forms.Select(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "sectors": forms.SelectMultiple(attrs={"size": 8}),
            "expires_on": DateInput(),
        }

    field_order = ["poster", "kind", "topic", "description", "sectors", "expires_on"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._targets = {}
        clusters = []
        for cluster in postable_clusters(user=user):
            key = _choice("cluster", cluster.pk)
            self._targets[key] = ("cluster", cluster)
            clusters.append((key, cluster.name))
        firms = []
        for firm in postable_firms(user=user):
            key = _choice("firm", firm.pk)
            self._targets[key] = ("firm", firm)
            firms.append((key, f"{firm} ({firm.province.name})"))
        choices = []
        if clusters:
            choices.append((_("Clusters"), clusters))
        if firms:
            choices.append((_("Firms"), firms))
        field = self.fields["poster"]
        if len(self._targets) == 1:
            field.choices = choices
            field.initial = next(iter(self._targets))
        else:
            field.choices = [("", _("Choose a cluster or a firm")), *choices]
        self.fields["kind"].choices = PostKind.choices

    @property
    def has_targets(self) -> bool:
        return bool(self._targets)

    def clean_poster(self):
        kind, target = self._targets[self.cleaned_data["poster"]]
        self.instance.cluster = target if kind == "cluster" else None
        self.instance.firm = target if kind == "firm" else None
        return self.cleaned_data["poster"]


class PartnerInterestForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PartnerInterest
        fields = ["message"]
        labels = {"message": _("Your message to the poster")}
        help_texts = {
            "message": _(
                "Your name, your firm and your e-mail address are shared with "
                "the poster together with this message."
            )
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"message": {"required": MESSAGE_REQUIRED}}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "interest_%s")
        super().__init__(*args, **kwargs)
