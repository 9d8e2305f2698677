"""Django admin of the clusters app.

Clusters and everything they hold are changed on the portal's own pages,
where every rule of the lifecycle, the memberships and the grants holds; the
admin shows them read-only, scoped like every page. What the admin edits is
the programme's data: selection criteria and their weights, grant schemes,
and the shared organisation records.
"""

from django import forms
from django.contrib import admin

from infospots.scoping import ScopedAdminMixin
from kms.core.admin import ReadOnlyAdminMixin
from kms.core.text import fold_key

from .models import (
    ActionPlan,
    Activity,
    CandidateScore,
    Cluster,
    ClusterMembership,
    Cooperation,
    Evidence,
    GrantApplication,
    GrantScheme,
    Organisation,
    Participation,
    PartnerInterest,
    PartnerPost,
    SelectionCriterion,
    StatusChange,
)
from .services import organisation_save
from .services.clusters import ORGANISATION_EXISTS


class StatusChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StatusChange
    fields = ["changed_on", "from_status", "to_status", "reason", "changed_by"]
    readonly_fields = fields
    extra = 0


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ClusterMembership
    fields = ["firm", "role", "joined_on", "left_on"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class ParticipationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Participation
    fields = ["organisation", "role", "joined_on", "left_on"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Cluster)
class ClusterAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "province", "portfolio", "status", "status_since"]
    list_filter = ["status", "portfolio", "province"]
    search_fields = ["name", "slug"]
    list_select_related = ["province"]
    inlines = [StatusChangeInline, MembershipInline, ParticipationInline]
    date_hierarchy = "status_since"


@admin.register(StatusChange)
class StatusChangeAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["cluster", "changed_on", "from_status", "to_status", "changed_by"]
    list_filter = ["to_status"]
    search_fields = ["cluster__name", "reason"]
    list_select_related = ["cluster", "changed_by"]
    date_hierarchy = "changed_on"


@admin.register(CandidateScore)
class CandidateScoreAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["cluster", "criterion", "score", "scored_by", "scored_at"]
    list_filter = ["criterion"]
    search_fields = ["cluster__name"]
    list_select_related = ["cluster", "criterion", "scored_by"]


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["firm", "cluster", "role", "joined_on", "left_on"]
    list_filter = ["role"]
    search_fields = ["cluster__name", "firm__legal_name", "=firm__tax_id"]
    list_select_related = ["firm", "cluster"]


@admin.register(Participation)
class ParticipationAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "cluster", "role", "joined_on", "left_on"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["cluster__name", "organisation__name"]
    list_select_related = ["organisation", "cluster"]


@admin.register(ActionPlan)
class ActionPlanAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["cluster", "year"]
    list_filter = ["year"]
    search_fields = ["cluster__name"]
    list_select_related = ["cluster"]


@admin.register(Activity)
class ActivityAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "plan", "kind", "status", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "plan__cluster__name"]
    list_select_related = ["plan__cluster"]
    date_hierarchy = "starts_on"


@admin.register(Evidence)
class EvidenceAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "activity", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["activity__kind", "content_type"]
    search_fields = [
        "original_name",
        "activity__title",
        "activity__plan__cluster__name",
    ]
    list_select_related = ["activity", "uploaded_by"]
    date_hierarchy = "uploaded_at"
    exclude = ["file"]


@admin.register(Cooperation)
class CooperationAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "cluster", "firm", "university", "kind", "started_on"]
    list_filter = ["kind"]
    search_fields = ["title", "cluster__name", "firm__legal_name"]
    list_select_related = ["cluster", "firm", "university"]


@admin.register(GrantApplication)
class GrantApplicationAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "cluster",
        "scheme",
        "status",
        "submitted_on",
        "amount_requested",
        "amount_granted",
    ]
    list_filter = ["status", "scheme"]
    search_fields = ["title", "cluster__name"]
    list_select_related = ["cluster", "scheme"]


@admin.register(PartnerPost)
class PartnerPostAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Posts are public; the admin may take one down (delete), not change it."""

    list_display = ["topic", "kind", "cluster", "firm", "expires_on", "closed_at"]
    list_filter = ["kind", ("closed_at", admin.EmptyFieldListFilter)]
    search_fields = ["topic", "cluster__name", "firm__legal_name"]
    list_select_related = ["cluster", "firm"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PartnerInterest)
class PartnerInterestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Answers to posts; only the poster side reads them on the site."""

    list_display = ["post", "user", "firm", "created_at"]
    list_filter = ["post__kind"]
    search_fields = ["post__topic", "user__email", "firm__legal_name"]
    list_select_related = ["post", "user", "firm"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SelectionCriterion)
class SelectionCriterionAdmin(admin.ModelAdmin):
    """Weights are data: managers change them, the ranking follows."""

    list_display = ["code", "name_tr", "name_en", "weight", "order"]
    list_editable = ["weight", "order"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GrantScheme)
class GrantSchemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_tr", "name_en", "provider", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_tr", "name_en", "provider"]


class OrganisationAdminForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "province", "website"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        existing = (
            Organisation.objects.filter(name_key=fold_key(name))
            .exclude(pk=self.instance.pk)
            .first()
        )
        if existing is not None:
            raise forms.ValidationError(
                ORGANISATION_EXISTS, code="duplicate", params={"name": existing.name}
            )
        return name


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "province", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["province"]

    def save_model(self, request, obj, form, change):
        """The folded name (one record per organisation) is the service's."""
        organisation_save(actor=request.user, organisation=obj)
