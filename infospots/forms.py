"""Forms of the infospots app. Validation of the domain lives in models and
services; forms shape input and show errors next to their fields."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kms.core.forms import DateInput, StyledFormMixin

from .models import (
    AnnualFigures,
    ConsentRecord,
    Contact,
    Firm,
    InformationNotice,
    InfoSpot,
    NaceDivision,
    Service,
)
from .scoping import visible_provinces
from .validators import normalise_identifier


class FirmForm(StyledFormMixin, forms.ModelForm):
    # Wider than the stored numbers: people type spaces, dots and dashes,
    # which clean_* strip before the model's validators run.
    tax_id = forms.CharField(
        label=capfirst(Firm._meta.get_field("tax_id").verbose_name),
        help_text=Firm._meta.get_field("tax_id").help_text,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    mersis_number = forms.CharField(
        label=capfirst(Firm._meta.get_field("mersis_number").verbose_name),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Firm
        fields = [
            "legal_name",
            "trade_name",
            "tax_id",
            "mersis_number",
            "trade_registry_office",
            "trade_registry_number",
            "primary_nace",
            "secondary_naces",
            "province",
            "district",
            "address",
            "website",
            "founded_year",
            "exports",
            "export_markets",
            "info_spot",
            "listed_publicly",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "secondary_naces": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = visible_provinces(user=user)
        self.fields["province"].queryset = provinces
        self.fields["info_spot"].queryset = (
            InfoSpot.objects.active()
            .filter(province__in=provinces)
            .select_related("province")
        )
        naces = NaceDivision.objects.select_related("section")
        self.fields["primary_nace"].queryset = naces
        self.fields["secondary_naces"].queryset = naces
        if self.instance.pk is None and provinces.count() == 1:
            self.fields["province"].initial = provinces.get()
            spots = list(self.fields["info_spot"].queryset[:2])
            if len(spots) == 1:
                self.fields["info_spot"].initial = spots[0]

    def clean_tax_id(self):
        return normalise_identifier(self.cleaned_data["tax_id"])

    def clean_mersis_number(self):
        return normalise_identifier(self.cleaned_data["mersis_number"])

    def clean(self):
        cleaned = super().clean()
        # Uniqueness is checked by the service, which knows who is asking and
        # words the message accordingly (and by the database constraints).
        self._validate_unique = False
        return cleaned


class ServiceForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Service
        fields = ["kind", "date", "hours", "info_spot", "staff", "notes"]
        widgets = {
            "date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, firm, **kwargs):
        super().__init__(*args, **kwargs)
        spots = InfoSpot.objects.filter(province=firm.province_id)
        self.fields["info_spot"].queryset = spots
        self.fields["staff"].queryset = get_user_model().objects.filter(
            is_active=True, staff_assignment__info_spot__in=spots
        )
        self.fields["staff"].help_text = _("Leave empty when you gave it yourself.")


class AnnualFiguresForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AnnualFigures
        fields = ["year", "employees", "net_sales", "balance_sheet_total"]
        help_texts = {
            "employees": _("Annual work units: full-time equivalents over the year."),
        }


# --- contacts (personal data) -------------------------------------------------


class ContactForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["full_name", "position", "phone", "email"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }


class ConsentForm(StyledFormMixin, forms.ModelForm):
    """One entry of the consent ledger: the service checks the time."""

    class Meta:
        model = ConsentRecord
        fields = ["notice", "action", "channel", "recorded_at"]
        widgets = {
            "recorded_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {
            "recorded_at": _(
                "When the person gave or withdrew consent; not later than now."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        notices = InformationNotice.objects.all()
        self.fields["notice"].queryset = notices
        self.fields["notice"].empty_label = None
        self.fields["recorded_at"].initial = timezone.localtime().replace(
            second=0, microsecond=0
        )


class ContactEraseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the erasure"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: the person asked for it on a given date, or left the "
            "firm. Do not write the person's name or contact details here."
        ),
    )
