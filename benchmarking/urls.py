"""URLs of the benchmarking app: the programme's dashboards and reports."""

from django.urls import path

from .views import dashboards, records, reports

app_name = "benchmarking"

urlpatterns = [
    path("", dashboards.national_dashboard, name="dashboard"),
    path("report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("snapshots.csv", reports.snapshots_csv, name="snapshots_csv"),
    path("records/<slug:code>/", records.target_records, name="records"),
    path("<str:province>/", dashboards.province_dashboard, name="province"),
]
