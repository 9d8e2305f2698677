"""URLs of the infospots app: Info Spots and the SME registry."""

from django.urls import path, re_path

from .views import contacts, firms, imports, spots

app_name = "infospots"

urlpatterns = [
    path("infospots/", spots.info_spot_list, name="info_spot_list"),
    path("infospots/<slug:slug>/", spots.info_spot_detail, name="info_spot_detail"),
    path("firms/", firms.firm_list, name="firm_list"),
    path("firms/new/", firms.firm_create, name="firm_create"),
    path("firms/duplicates/", firms.firm_duplicates, name="firm_duplicates"),
    path("firms/directory/", firms.firm_directory, name="firm_directory"),
    path("firms/export.csv", firms.firm_export_csv, name="firm_export_csv"),
    path("firms/export.xlsx", firms.firm_export_xlsx, name="firm_export_xlsx"),
    path("firms/<int:pk>/", firms.firm_detail, name="firm_detail"),
    path("firms/<int:pk>/edit/", firms.firm_update_view, name="firm_update"),
    path("firms/<int:pk>/history/", firms.firm_history, name="firm_history"),
    path("firms/<int:pk>/figures/new/", firms.figures_create, name="figures_create"),
    path("firms/<int:pk>/services/new/", firms.service_create, name="service_create"),
    path(
        "firms/<int:pk>/services/<int:service_pk>/edit/",
        firms.service_update,
        name="service_update",
    ),
]

# The people at a firm (personal data): always under their firm.
urlpatterns += [
    path(
        "firms/<int:pk>/contacts/new/",
        contacts.contact_create,
        name="contact_create",
    ),
    path(
        "firms/<int:pk>/contacts/<int:contact_pk>/edit/",
        contacts.contact_update,
        name="contact_update",
    ),
    path(
        "firms/<int:pk>/contacts/<int:contact_pk>/consent/",
        contacts.contact_consent,
        name="contact_consent",
    ),
    path(
        "firms/<int:pk>/contacts/<int:contact_pk>/export.json",
        contacts.contact_export,
        name="contact_export",
    ),
    path(
        "firms/<int:pk>/contacts/<int:contact_pk>/erase/",
        contacts.contact_erase_view,
        name="contact_erase",
    ),
]

# Spreadsheet import of firms: upload, preview and progress, commit.
urlpatterns += [
    path("firms/import/", imports.firm_import, name="firm_import"),
    re_path(
        r"^firms/import/template\.(?P<fmt>csv|xlsx)$",
        imports.firm_import_template,
        name="firm_import_template",
    ),
    path(
        "firms/import/<int:pk>/", imports.firm_import_detail, name="firm_import_detail"
    ),
    path(
        "firms/import/<int:pk>/progress/",
        imports.firm_import_progress,
        name="firm_import_progress",
    ),
    path(
        "firms/import/<int:pk>/commit/",
        imports.firm_import_commit,
        name="firm_import_commit",
    ),
]
