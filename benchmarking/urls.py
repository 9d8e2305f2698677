"""URLs of the benchmarking app: the programme's dashboards and reports."""

from django.urls import path

from .views import dashboards, reports

app_name = "benchmarking"

urlpatterns = [
    path("", dashboards.national_dashboard, name="dashboard"),
    path("report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("snapshots.csv", reports.snapshots_csv, name="snapshots_csv"),
    path("<str:province>/", dashboards.province_dashboard, name="province"),
]
