"""URLs of the clusters app: the public directory, the staff and members'
pages of each cluster, and partner search."""

from django.urls import path

from .views import directory, manage, participants, partners, work

app_name = "clusters"

# Public: the directory and each cluster's profile.
urlpatterns = [
    path("", directory.cluster_directory, name="directory"),
    path("partners/", partners.partner_list, name="partner_list"),
    path("partners/new/", partners.partner_create, name="partner_create"),
    path("partners/<int:pk>/", partners.partner_detail, name="partner_detail"),
    path(
        "partners/<int:pk>/interest/",
        partners.partner_interest,
        name="partner_interest",
    ),
    path("partners/<int:pk>/close/", partners.partner_close, name="partner_close"),
]

# Staff: new clusters, selection, the shared organisation records.
urlpatterns += [
    path("new/", manage.cluster_create, name="create"),
    path("candidates/", manage.candidate_ranking, name="candidates"),
    path("organisations/", participants.organisation_list, name="organisation_list"),
    path(
        "organisations/new/",
        participants.organisation_create,
        name="organisation_create",
    ),
    path(
        "organisations/<int:pk>/edit/",
        participants.organisation_update,
        name="organisation_update",
    ),
]

# One cluster: public profile and logo, then the internal pages.
urlpatterns += [
    path("<slug:slug>/", directory.cluster_detail, name="detail"),
    path("<slug:slug>/logo/", directory.cluster_logo, name="logo"),
    path("<slug:slug>/manage/", manage.cluster_manage, name="manage"),
    path("<slug:slug>/edit/", manage.cluster_update, name="update"),
    path("<slug:slug>/status/", manage.cluster_status, name="status"),
    path("<slug:slug>/scores/", manage.cluster_scores, name="scores"),
    path(
        "<slug:slug>/members/new/", participants.membership_create, name="member_create"
    ),
    path(
        "<slug:slug>/members/<int:pk>/edit/",
        participants.membership_update,
        name="member_update",
    ),
    path(
        "<slug:slug>/organisations/new/",
        participants.participation_create,
        name="participation_create",
    ),
    path(
        "<slug:slug>/organisations/<int:pk>/edit/",
        participants.participation_update,
        name="participation_update",
    ),
    path("<slug:slug>/plans/new/", work.plan_create, name="plan_create"),
    path("<slug:slug>/plans/<int:year>/", work.plan_detail, name="plan_detail"),
    path(
        "<slug:slug>/plans/<int:year>/activities/new/",
        work.activity_create,
        name="activity_create",
    ),
    path(
        "<slug:slug>/activities/<int:pk>/edit/",
        work.activity_update,
        name="activity_update",
    ),
    path(
        "<slug:slug>/activities/<int:pk>/evidence/",
        work.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "<slug:slug>/evidence/<int:pk>/",
        work.evidence_download,
        name="evidence_download",
    ),
    path(
        "<slug:slug>/evidence/<int:pk>/delete/",
        work.evidence_delete,
        name="evidence_delete",
    ),
    path(
        "<slug:slug>/cooperations/new/",
        work.cooperation_create,
        name="cooperation_create",
    ),
    path(
        "<slug:slug>/cooperations/<int:pk>/edit/",
        work.cooperation_update,
        name="cooperation_update",
    ),
    path("<slug:slug>/grants/new/", work.grant_create, name="grant_create"),
    path("<slug:slug>/grants/<int:pk>/edit/", work.grant_update, name="grant_update"),
]
