"""What the forms of the portal share: the bridge to services, how a form
view ends, and the check of the ids of model rows."""

import datetime
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from clusters.models import Activity, Cluster
from infospots.models import Firm, NaceDivision, Province
from kms.core.forms import (
    KEY_MAX,
    KEY_MIN,
    CheckedKeysMixin,
    CheckedModelMultipleChoiceField,
    DateInput,
    ServiceValidatedModelForm,
    StyledFormMixin,
    redirect_if_saved,
    run_service,
)
from tests.factories import ActionPlanFactory, ClusterFactory


class ReasonForm(forms.Form):
    reason = forms.CharField()


def refuse(errors):
    def save():
        raise ValidationError(errors)

    return save


def test_a_service_error_lands_next_to_its_field():
    form = ReasonForm(data={"reason": "x"})
    assert form.is_valid()
    assert run_service(form, refuse({"reason": "Too short."})) is None
    assert form.errors == {"reason": ["Too short."]}


def test_an_error_about_a_field_the_form_lacks_goes_above_the_form():
    form = ReasonForm(data={"reason": "x"})
    assert form.is_valid()
    assert run_service(form, refuse({"title": "Missing title."})) is None
    assert form.non_field_errors() == ["Missing title."]


# --- the end of a form view -----------------------------------------------------


def request_with_messages(rf, method):
    request = rf.generic(method, "/things/new/")
    request._messages = CookieStorage(request)
    return request


def sent_messages(request):
    return [(m.level, m.message) for m in messages.get_messages(request)]


def test_a_saved_form_says_so_and_redirects(rf):
    request = request_with_messages(rf, "POST")
    form = ReasonForm(data={"reason": "x"})
    response = redirect_if_saved(
        request,
        form,
        lambda: SimpleNamespace(pk=12, reason=form.cleaned_data["reason"]),
        message=lambda thing: f"Thing {thing.pk} is saved ({thing.reason}).",
        to=lambda thing: f"/things/#thing-{thing.pk}",
    )
    assert response.status_code == 302
    assert response["Location"] == "/things/#thing-12"
    assert sent_messages(request) == [(messages.SUCCESS, "Thing 12 is saved (x).")]


def test_a_fixed_message_and_url_need_no_function(rf):
    request = request_with_messages(rf, "POST")
    form = ReasonForm(data={"reason": "x"})
    response = redirect_if_saved(
        request, form, lambda: "saved", message="Saved.", to="/things/"
    )
    assert response["Location"] == "/things/"
    assert sent_messages(request) == [(messages.SUCCESS, "Saved.")]


def test_without_a_message_it_only_redirects(rf):
    request = request_with_messages(rf, "POST")
    form = ReasonForm(data={"reason": "x"})
    response = redirect_if_saved(request, form, lambda: "saved", to="/things/")
    assert response["Location"] == "/things/"
    assert sent_messages(request) == []


def test_a_service_refusal_lands_on_the_form_without_message_or_redirect(rf):
    request = request_with_messages(rf, "POST")
    form = ReasonForm(data={"reason": "x"})
    response = redirect_if_saved(
        request,
        form,
        refuse({"reason": "Too short."}),
        message="Saved.",
        to="/things/",
    )
    assert response is None
    assert form.errors == {"reason": ["Too short."]}
    assert sent_messages(request) == []


def never(*args):
    pytest.fail("the service was called")


def test_an_invalid_form_never_reaches_the_service(rf):
    request = request_with_messages(rf, "POST")
    form = ReasonForm(data={"reason": ""})
    response = redirect_if_saved(request, form, never, message=never, to=never)
    assert response is None
    assert list(form.errors) == ["reason"]
    assert sent_messages(request) == []


@pytest.mark.parametrize("data", [None, {"reason": "x"}])
def test_a_get_never_reaches_the_service_even_with_a_bound_form(rf, data):
    request = request_with_messages(rf, "GET")
    form = ReasonForm(data=data)
    assert redirect_if_saved(request, form, never, to=never) is None
    assert sent_messages(request) == []


# --- ids of model rows ----------------------------------------------------------

HUGE = "99999999999999999999"  # 20 digits: more than 64 bits hold.
NOT_A_KEY = "“%s” is not a valid value."


class ProvincesForm(StyledFormMixin, forms.Form):
    """A plain ModelMultipleChoiceField, as forms declare them."""

    provinces = forms.ModelMultipleChoiceField(queryset=Province.objects.all())
    province = forms.ModelChoiceField(queryset=Province.objects.all(), required=False)


class NamedProvincesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"Province {obj.name}"


class NamedProvincesForm(StyledFormMixin, forms.Form):
    provinces = NamedProvincesField(queryset=Province.objects.order_by("plate"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [HUGE, f"-{HUGE}", str(KEY_MAX + 1), str(KEY_MIN - 1), "abc", "1.5", ""],
)
def test_a_value_that_cannot_be_a_key_is_refused_before_any_query(
    value, django_assert_num_queries
):
    form = ProvincesForm(data={"provinces": ["1", value]})
    with override("en"), django_assert_num_queries(0):
        assert form.errors == {"provinces": [NOT_A_KEY % value]}


@pytest.mark.django_db
def test_a_key_that_fits_but_is_not_offered_is_not_a_valid_choice():
    form = ProvincesForm(data={"provinces": [str(KEY_MAX)]})
    with override("en"):
        assert form.errors == {
            "provinces": [
                f"Select a valid choice. {KEY_MAX} is not one of the available choices."
            ]
        }


@pytest.mark.django_db
def test_keys_of_the_queryset_are_chosen(province_a, province_b):
    form = ProvincesForm(data={"provinces": [province_a.pk, str(province_b.pk)]})
    assert form.is_valid()
    assert set(form.cleaned_data["provinces"]) == {province_a, province_b}


@pytest.mark.django_db
def test_a_single_choice_out_of_range_is_refused_by_django(province_a):
    """ModelChoiceField needs no help: Django knows an exact lookup out of
    the column's range matches nothing."""
    form = ProvincesForm(data={"provinces": [province_a.pk], "province": HUGE})
    with override("en"):
        assert form.errors == {
            "province": [
                "Select a valid choice. That choice is not one of the available "
                "choices."
            ]
        }


def test_every_multiple_choice_of_model_rows_is_checked():
    plain = ProvincesForm().fields["provinces"]
    named = NamedProvincesForm().fields["provinces"]
    assert type(plain) is CheckedModelMultipleChoiceField
    assert isinstance(named, CheckedKeysMixin)
    assert isinstance(named, NamedProvincesField)
    # The class of the declared field is left alone: only each form's copy.
    assert type(ProvincesForm.base_fields["provinces"]) is (
        forms.ModelMultipleChoiceField
    )


@pytest.mark.django_db
def test_a_subclass_keeps_its_own_behaviour(province_a):
    form = NamedProvincesForm(data={"provinces": [HUGE]})
    with override("en"):
        assert form.errors == {"provinces": [NOT_A_KEY % HUGE]}
    assert "Province Samsun" in str(NamedProvincesForm()["provinces"])


# --- the same through the pages of each app -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["secondary_naces", "primary_nace"])
def test_a_firm_with_a_huge_nace_id_is_a_400(client, staff_a, info_spot_a, field):
    client.force_login(staff_a)
    response = client.post(
        reverse("infospots:firm_create"),
        {
            "legal_name": "Atakum Yazılım A.Ş.",
            "tax_id": "4540536920",
            "primary_nace": NaceDivision.objects.get(code="62").pk,
            "province": info_spot_a.province_id,
            "info_spot": info_spot_a.pk,
            "district": "Atakum",
            field: HUGE,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not Firm.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["naces", "other_provinces", "coordinator"])
def test_a_cluster_with_a_huge_id_is_a_400(client, staff_a, province_a, field):
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:create"),
        {
            "name": "Çarşamba Mobilya Kümesi",
            "province": province_a.pk,
            "portfolio": "creative",
            "changed_on": "2026-01-05",
            field: HUGE,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not Cluster.objects.exists()


@pytest.mark.django_db
def test_an_activity_with_a_huge_participant_id_is_a_400(client, staff_a, province_a):
    cluster = ClusterFactory(province=province_a)
    ActionPlanFactory(cluster=cluster, year=2025)
    client.force_login(staff_a)
    response = client.post(
        reverse("clusters:activity_create", args=[cluster.slug, 2025]),
        {
            "kind": "training",
            "title": "Gıda güvenliği eğitimi",
            "starts_on": "2025-03-10",
            "ends_on": "2025-03-11",
            "status": "planned",
            "participants": HUGE,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"participants": [NOT_A_KEY % HUGE]}
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_an_article_with_a_huge_sector_id_is_a_400(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("kms:article_create"),
        {"title": "Bir makale", "sectors": HUGE},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["sectors"] == [NOT_A_KEY % HUGE]


# --- model forms whose service validates the model ------------------------------

ACTIVITY_FIELDS = ["kind", "title", "starts_on", "ends_on", "status"]
BACKWARDS = {
    "kind": "training",
    "title": "Eğitim",
    "starts_on": "2025-03-10",
    "ends_on": "2025-03-09",
    "status": "planned",
}


class ActivityModelForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS


class ActivityServiceForm(ServiceValidatedModelForm):
    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS


@pytest.mark.django_db
def test_django_would_report_a_constraint_above_the_form():
    form = ActivityModelForm(data=BACKWARDS)
    with override("en"):
        assert form.errors == {"__all__": ["An activity cannot end before it starts."]}


def test_a_service_validated_form_checks_shapes_and_leaves_the_rest_to_the_service():
    form = ActivityServiceForm(data=BACKWARDS)
    assert form.is_valid()
    assert (form.instance.starts_on, form.instance.ends_on) == (
        datetime.date(2025, 3, 10),
        datetime.date(2025, 3, 9),
    )
    form = ActivityServiceForm(data={**BACKWARDS, "kind": "party", "title": ""})
    with override("en"):
        assert form.errors == {
            "kind": [
                "Select a valid choice. party is not one of the available choices."
            ],
            "title": ["This field is required."],
        }


def test_the_date_input_is_the_browsers_date_picker_with_iso_dates():
    widget = DateInput()
    html = widget.render("on", datetime.date(2026, 2, 1))
    assert html == '<input type="date" name="on" value="2026-02-01">'
    with_attrs = DateInput(attrs={"min": "2026-01-01"})
    assert with_attrs.render("on", None) == (
        '<input type="date" name="on" min="2026-01-01">'
    )
