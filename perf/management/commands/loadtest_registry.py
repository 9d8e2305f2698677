"""Benchmark of the SME registry: the firm list at scale and a 10,000-row import.

Run after `loadtest_data` (it creates 110,000 firms), on a copy of its
database (the imports below add 10,000 firms to it), without REDIS_URL so
the import's two tasks run inline in this process and are timed:

    createdb -h 127.0.0.1 -U postgres -T kms_loadtest kms_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kms_bench DEBUG=true
    python manage.py loadtest_registry

It completes the services and annual figures of the load-test firms if they
are missing (perf.data), times the
firm list with each filter, the firm page and the public directory, prints
PostgreSQL's plan of the filtered lists (which index each filter uses), then
imports 10,000 new firms from a CSV file, imports the same file again, and
imports it once more with every trade name changed. docs/loadtests/
registry.md keeps a measured run.
"""

import csv
import io
import random
import time

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from infospots import imports
from infospots.filters import FirmFilter
from infospots.models import (
    AnnualFigures,
    Firm,
    ImportStatus,
    NaceDivision,
    Province,
    Service,
)
from infospots.selectors import firms_for_list
from infospots.validators import complete_vkn
from kms.celery import app as celery_app
from perf.data import build as data
from perf.data.registry import Figures, Services
from perf.timing import bench_actors, bench_client, explain, time_page

IMPORT_TAX_PREFIX = 500_000_000  # far from perf.data's tax ids
IMPORTED_NAME = "İçe Aktarım"


class Command(BaseCommand):
    help = "Time the firm list at scale and a 10,000-row spreadsheet import."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10)
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, *args, runs, rows, **options):
        if not Firm.objects.exists():
            raise CommandError("Run loadtest_data first (it creates the firms).")
        if not celery_app.conf.task_always_eager:
            raise CommandError("Unset REDIS_URL: the import's tasks must run inline.")
        if Firm.objects.filter(legal_name__startswith=IMPORTED_NAME).exists():
            raise CommandError(
                "The imported firms are there already: measure on a new database."
            )
        data.build(steps=[Services(), Figures()], say=self.stdout.write)
        manager, staff = bench_actors()
        self.stdout.write(
            f"\n## Data\n\n{Firm.objects.count()} firms, "
            f"{Service.objects.count()} services, "
            f"{AnnualFigures.objects.count()} annual figures; the Samsun staff "
            f"member sees {Firm.objects.for_user(staff).count()} firms.\n"
        )
        with translation.override("en"):
            self.time_pages(manager, staff, runs)
            if connection.vendor == "postgresql":
                self.plans(manager, staff)
            self.time_import(staff, rows)

    # --- pages -----------------------------------------------------------------

    def filters(self):
        division = NaceDivision.objects.filter(code="10").select_related("section")[0]
        return [
            ("default (by name)", {}),
            ("page 200", {"page": 200}),
            ("100 rows a page", {"size": 100}),
            ("province Samsun", {"province": Province.objects.get(plate=55).pk}),
            ("NACE section C", {"section": division.section_id}),
            ("NACE division 10", {"division": division.pk}),
            ("size class medium", {"size_class": "medium"}),
            ("reached", {"reached": "true"}),
            ("not reached", {"reached": "false"}),
            (
                "registered in a range",
                {"registered_after": "2020-01-01", "registered_before": "2030-12-31"},
            ),
            ("search 'tekstil'", {"q": "tekstil"}),
            ("search by tax id", {"q": complete_vkn("000012345")}),
            ("sorted by name", {"ordering": "name"}),
            ("sorted by size class, descending", {"ordering": "-size"}),
        ]

    def time_pages(self, manager, staff, runs):
        self.stdout.write(
            f"\n## Pages (in-process test client, {runs} runs each after a first "
            f"request that counts the queries; DEBUG={settings.DEBUG})\n\n"
            "| page | who | p50 | p95 | queries |\n"
            "| --- | --- | --- | --- | --- |\n"
        )
        url = reverse("infospots:firm_list")
        for label, params in self.filters():
            for who, user in (("manager", manager), ("Samsun staff", staff)):
                timing = time_page(
                    bench_client(user), url, params, runs=runs, label=label
                )
                self.stdout.write(f"| list, {label} | {who} | {timing.cells()} |\n")
        samsun = Firm.objects.filter(province__plate=55)
        firm = samsun.exclude(annual_figures=None).exclude(services=None).first()
        firm = firm or samsun.first()
        for label, page_url, user in [
            ("firm page", firm.get_absolute_url(), manager),
            ("firm page", firm.get_absolute_url(), staff),
            ("public directory", reverse("infospots:firm_directory"), None),
            (
                "public directory, page 500",
                reverse("infospots:firm_directory") + "?page=500",
                None,
            ),
            (
                "export.csv, NACE division 10",
                reverse("infospots:firm_export_csv")
                + f"?division={NaceDivision.objects.get(code='10').pk}",
                staff,
            ),
        ]:
            who = "anonymous" if user is None else user.email.split("@")[0]
            timing = time_page(bench_client(user), page_url, runs=runs, label=label)
            self.stdout.write(f"| {label} | {who} | {timing.cells()} |\n")

    def plans(self, manager, staff):
        self.stdout.write("\n## Plans of the list's first page (EXPLAIN ANALYZE)\n")
        for label, params in self.filters():
            if "page" in params or "size" in params:
                continue
            for who, user in (("manager", manager), ("Samsun staff", staff)):
                filterset = FirmFilter(
                    params, queryset=firms_for_list(user=user), user=user
                )
                if not filterset.is_valid():
                    raise CommandError(f"{label}: {filterset.errors.as_json()}")
                lines = explain(filterset.qs[:25])
                self.stdout.write(
                    f"\n### {label}, {who}\n\n```\n" + "\n".join(lines) + "\n```\n"
                )

    # --- import ----------------------------------------------------------------

    def csv_file(self, count, *, trade_prefix):
        naces = list(NaceDivision.objects.values_list("code", flat=True))
        rng = random.Random(count)  # noqa: S311 - test data
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(column.label) for column in imports.COLUMNS])
        for n in range(count):
            values = {
                "legal_name": f"{IMPORTED_NAME} {n} Sanayi ve Ticaret Ltd. Şti.",
                "trade_name": f"{trade_prefix} {n}",
                "tax_id": complete_vkn(f"{IMPORT_TAX_PREFIX + n:09d}"),
                "primary_nace": rng.choice(naces),
                "secondary_naces": ", ".join(rng.sample(naces, 2)),
                "district": "İlkadım",
                "founded_year": str(rng.randint(1960, 2024)),
                "exports": rng.choice(["yes", "no"]),
                "listed_publicly": rng.choice(["yes", "no"]),
            }
            writer.writerow([values.get(column.key, "") for column in imports.COLUMNS])
        return SimpleUploadedFile(
            "firms.csv", buffer.getvalue().encode(), content_type="text/csv"
        )

    def run_import(self, staff, upload, *, commit):
        spot = staff.staff_assignment.info_spot
        started = time.perf_counter()
        file_format, sheet = imports.inspect_upload(upload)
        checked = time.perf_counter()
        job = imports.import_job_create(
            actor=staff,
            info_spot=spot,
            upload=upload,
            file_format=file_format,
            total_rows=len(sheet.rows),
        )
        job.refresh_from_db()
        previewed = time.perf_counter()
        if job.status != ImportStatus.READY:
            raise CommandError(f"preview: {job.status} {job.message} {job.errors[:3]}")
        times = [checked - started, previewed - checked]
        if commit:
            imports.import_job_request_commit(actor=staff, job=job)
            job.refresh_from_db()
            times.append(time.perf_counter() - previewed)
            if job.status != ImportStatus.DONE:
                raise CommandError(f"commit: {job.status} {job.message}")
        return job, times

    def time_import(self, staff, rows):
        self.stdout.write(
            f"\n## Import of {rows:,} rows (CSV, {connection.vendor})\n\n"
            "| step | upload check | preview (every row checked) | commit | result |\n"
            "| --- | --- | --- | --- | --- |\n"
        )
        for label, prefix, commit in [
            ("new firms", "Yeni", True),
            ("the same file again", "Yeni", False),
            ("every trade name changed", "Değişti", True),
        ]:
            job, times = self.run_import(
                staff, self.csv_file(rows, trade_prefix=prefix), commit=commit
            )
            cells = [f"{t:.1f} s" for t in times] + ["—"] * (3 - len(times))
            result = (
                f"{job.created_count} created, {job.updated_count} updated, "
                f"{job.unchanged_count} unchanged"
            )
            self.stdout.write(f"| {label} | {' | '.join(cells)} | {result} |\n")
