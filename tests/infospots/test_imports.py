"""Spreadsheet import of firms: file checks, row preview, commit, scoping."""

import csv
import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from infospots import imports, tasks
from infospots.imports import (
    CONCURRENT_WRITE,
    CSV_NOT_UTF8,
    DUPLICATE_MERSIS,
    DUPLICATE_TAX_ID,
    EMPTY_FILE,
    EXTRA_CELLS,
    FILE_TOO_LARGE,
    FORMULAS,
    NO_DATA_ROWS,
    NOT_A_BOOLEAN,
    NOT_XLSX,
    REQUIRED_VALUE,
    STALE_PREVIEW,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    UNKNOWN_NACE,
    UNKNOWN_NACES,
    WRONG_TYPE,
    XLSX_TOO_BIG,
    XLSX_UNREADABLE,
    import_job_commit,
)
from infospots.imports.rows import _NACE_SEPARATORS, _nace_division
from infospots.models import Firm, ImportJob, ImportStatus, NaceDivision
from infospots.services import (
    FIRM_EXISTS_ELSEWHERE,
    MERSIS_EXISTS,
    MERSIS_EXISTS_ELSEWHERE,
)
from infospots.validators import (
    FUTURE_YEAR,
    TAX_ID_CHECKSUM,
    TAX_ID_LENGTH,
    TAX_ID_NOT_DIGITS,
)
from infospots.views.imports import ALREADY_STARTED
from kms.celery import app
from tests.factories import FirmFactory, ImportJobFactory, valid_vkn

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("infospots:firm_import")
KEYS = [
    "legal_name",
    "trade_name",
    "tax_id",
    "primary_nace",
    "secondary_naces",
    "district",
    "founded_year",
    "exports",
    "export_markets",
    "listed_publicly",
]


@pytest.fixture(autouse=True)
def _english_media_and_eager_tasks(settings, tmp_path):
    """English messages, uploads in a temporary folder, tasks run inline.

    With REDIS_URL set (as in CI) tasks go to the broker; here they run in
    the test, after the request's transaction commits.
    """
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    with translation.override("en"):
        yield
    app.conf.task_always_eager = eager


def row(n, **values):
    base = {
        "legal_name": f"Deneme {n} Gıda Sanayi Ltd. Şti.",
        "trade_name": f"Deneme {n}",
        "tax_id": valid_vkn(500000 + n),
        "primary_nace": "10",
        "secondary_naces": "46 47",
        "district": "İlkadım",
        "founded_year": "1998",
        "exports": "evet",
        "export_markets": "Irak",
        "listed_publicly": "no",
    }
    return {**base, **values}


def csv_bytes(rows, keys=KEYS, delimiter=",", bom=True):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(keys)
    writer.writerows([r.get(k, "") for k in keys] for r in rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def xlsx_bytes(rows, keys=KEYS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(keys)
    for values in rows:
        sheet.append([values.get(k, "") for k in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """POST a file to the import page as `user`, running the enqueued check."""

    def post(user, content, name="firms.csv", info_spot=None):
        client.force_login(user)
        data = {"file": SimpleUploadedFile(name, content)}
        if info_spot is not None:
            data["info_spot"] = info_spot.pk
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(IMPORT_URL, data)

    return post


@pytest.fixture
def commit(client, django_capture_on_commit_callbacks):
    def post(user, job):
        client.force_login(user)
        url = reverse("infospots:firm_import_commit", kwargs={"pk": job.pk})
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url)

    return post


def latest_job():
    return ImportJob.objects.latest("pk")


def form_errors(response):
    return [str(e) for e in response.context["form"].errors["file"]]


# --- happy paths ------------------------------------------------------------------


def test_csv_import_creates_firms_and_reimport_creates_no_duplicates(
    upload, commit, client, staff_a, info_spot_a, tmp_path
):
    rows = [row(1), row(2, secondary_naces=""), row(3, exports="hayır")]
    content = csv_bytes(rows, delimiter=";")
    response = upload(staff_a, content, name="Samsun firmaları.csv")
    job = latest_job()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.total_rows, job.processed_rows) == ("ready", 3, 3)
    assert (job.created_count, job.updated_count, job.error_count) == (3, 0, 0)
    assert (job.province, job.info_spot, job.created_by) == (
        info_spot_a.province,
        info_spot_a,
        staff_a,
    )
    assert job.original_name == "Samsun firmaları.csv"
    assert "Samsun" not in job.file.name
    assert Firm.objects.count() == 0
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Commit 3 new / 0 updated firms" in page

    response = commit(staff_a, job)
    job.refresh_from_db()
    assert response.status_code == 302
    assert (job.status, job.created_count, job.updated_count) == ("done", 3, 0)
    assert job.committed_by == staff_a
    assert not job.file
    assert list(tmp_path.rglob("*.csv")) == []
    firm = Firm.objects.get(tax_id=rows[0]["tax_id"])
    assert firm.legal_name == "Deneme 1 Gıda Sanayi Ltd. Şti."
    assert (firm.province, firm.info_spot, firm.registered_by) == (
        info_spot_a.province,
        info_spot_a,
        staff_a,
    )
    assert (firm.founded_year, firm.exports, firm.listed_publicly) == (
        1998,
        True,
        False,
    )
    assert sorted(firm.secondary_naces.values_list("code", flat=True)) == ["46", "47"]
    assert firm.name_key == "deneme 1 gida"
    assert firm.history.get().history_user == staff_a
    assert Firm.objects.get(tax_id=rows[2]["tax_id"]).exports is False

    upload(staff_a, content)
    again = latest_job()
    assert (again.status, again.created_count, again.updated_count) == ("ready", 0, 0)
    assert again.unchanged_count == 3

    rows[1]["trade_name"] = "Deneme İki"
    upload(staff_a, csv_bytes(rows, bom=False))
    changed = latest_job()
    assert (changed.created_count, changed.updated_count) == (0, 1)
    assert changed.unchanged_count == 2
    commit(staff_a, changed)
    changed.refresh_from_db()
    assert (changed.status, changed.updated_count) == ("done", 1)
    assert Firm.objects.count() == 3
    updated = Firm.objects.get(tax_id=rows[1]["tax_id"])
    assert updated.trade_name == "Deneme İki"
    assert updated.history.count() == 2


def test_xlsx_import_with_numbers_and_turkish_headers(upload, commit, staff_a):
    headers = [
        "Unvan",
        "Vergi No",
        "NACE Kodu",
        "Diğer NACE",
        "Kuruluş Yılı",
        "İhracat",
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    textile_vkn, port_vkn = valid_vkn(600000001), valid_vkn(600000002)
    sheet.append(
        ["Karadeniz Tekstil A.Ş.", int(textile_vkn), 13.0, "14,46", 2005, True]
    )
    sheet.append(["Liman Lojistik Ltd.", port_vkn, "52.10", None, None, "Hayır"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload(staff_a, buffer.getvalue(), name="firms.XLSX")
    job = latest_job()
    assert (job.file_format, job.status, job.created_count) == ("xlsx", "ready", 2)
    commit(staff_a, job)
    textile = Firm.objects.get(tax_id=textile_vkn)
    assert (textile.primary_nace.code, textile.founded_year, textile.exports) == (
        "13",
        2005,
        True,
    )
    assert sorted(textile.secondary_naces.values_list("code", flat=True)) == [
        "14",
        "46",
    ]
    assert Firm.objects.get(tax_id=port_vkn).primary_nace.code == "52"

    upload(staff_a, buffer.getvalue(), name="firms.xlsx")
    again = latest_job()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (
        0,
        0,
        2,
    )
    sheet["D2"] = "14"
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(staff_a, buffer.getvalue(), name="firms.xlsx")
    changed = latest_job()
    assert (changed.created_count, changed.updated_count) == (0, 1)
    commit(staff_a, changed)
    assert Firm.objects.count() == 2
    assert list(textile.secondary_naces.values_list("code", flat=True)) == ["14"]


def test_manager_chooses_the_info_spot_and_its_province(
    upload, commit, manager, info_spot_a, info_spot_b
):
    response = upload(manager, csv_bytes([row(1)]))
    assert response.status_code == 400
    assert response.context["form"].errors["info_spot"]

    upload(manager, csv_bytes([row(1)]), info_spot=info_spot_b)
    job = latest_job()
    commit(manager, job)
    firm = Firm.objects.get()
    assert (firm.province, firm.info_spot) == (info_spot_b.province, info_spot_b)


def test_staff_cannot_import_into_another_province(upload, staff_b, info_spot_a):
    upload(staff_b, csv_bytes([row(1)]), info_spot=info_spot_a)
    assert latest_job().province == staff_b.staff_assignment.info_spot.province


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_downloads_and_imports_cleanly(client, upload, staff_a, fmt):
    client.force_login(staff_a)
    url = reverse("infospots:firm_import_template", kwargs={"fmt": fmt})
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert f'.{fmt}"' in response["Content-Disposition"]
    upload(staff_a, response.content, name=f"template.{fmt}")
    job = latest_job()
    assert (job.status, job.created_count, job.errors) == ("ready", 1, [])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_turkish_template_imports_cleanly(client, upload, staff_a, settings, fmt):
    settings.LANGUAGE_CODE = "tr"
    client.force_login(staff_a)
    url = reverse("infospots:firm_import_template", kwargs={"fmt": fmt})
    response = client.get(url)
    upload(staff_a, response.content, name=f"sablon.{fmt}")
    job = latest_job()
    assert (job.language, job.status, job.created_count) == ("tr", "ready", 1)


def test_the_xlsx_template_has_the_header_and_a_valid_example(client, staff_a):
    client.force_login(staff_a)
    url = reverse("infospots:firm_import_template", kwargs={"fmt": "xlsx"})
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    header, example = list(sheet.iter_rows(values_only=True))
    assert header[:4] == ("Legal name", "Trade name", "Tax id", "MERSİS number")
    assert example[2] == "4540536920"


# --- the preview: every row's problems --------------------------------------------


def test_preview_lists_each_problem_by_row_and_column(
    upload, client, staff_a, info_spot_b
):
    hidden = FirmFactory(
        province=info_spot_b.province, info_spot=info_spot_b, legal_name="Gizli Fındık"
    )
    future = timezone.localdate().year + 1
    rows = [
        row(1, tax_id="4540536921"),
        row(2, tax_id="12345ABCDE"),
        row(3, tax_id="123 456 789"),
        row(4, primary_nace="00", secondary_naces="46 99 X"),
        row(5, founded_year=str(future)),
        row(6),
        row(7, tax_id=row(6)["tax_id"]),
        row(8, tax_id=hidden.tax_id),
        row(9, legal_name="", exports="maybe"),
        row(10, mersis_number="0123456789012345"),
        row(11, mersis_number="0123-4567-8901-2345"),
    ]
    upload(staff_a, csv_bytes(rows, keys=[*KEYS, "mersis_number"]))
    job = latest_job()

    assert job.status == ImportStatus.INVALID
    assert job.errors == [
        {"row": 2, "column": "tax_id", "message": str(TAX_ID_CHECKSUM)},
        {"row": 3, "column": "tax_id", "message": str(TAX_ID_NOT_DIGITS)},
        {
            "row": 4,
            "column": "tax_id",
            "message": str(TAX_ID_LENGTH % {"length": 9}),
        },
        {
            "row": 5,
            "column": "primary_nace",
            "message": str(UNKNOWN_NACE % {"code": "00"}),
        },
        {
            "row": 5,
            "column": "secondary_naces",
            "message": str(UNKNOWN_NACES % {"codes": "X"}),
        },
        {"row": 6, "column": "founded_year", "message": str(FUTURE_YEAR)},
        {
            "row": 8,
            "column": "tax_id",
            "message": str(DUPLICATE_TAX_ID % {"row": 7}),
        },
        {"row": 9, "column": "tax_id", "message": str(FIRM_EXISTS_ELSEWHERE)},
        {"row": 10, "column": "legal_name", "message": str(REQUIRED_VALUE)},
        {"row": 10, "column": "exports", "message": str(NOT_A_BOOLEAN)},
        {
            "row": 12,
            "column": "mersis_number",
            "message": str(DUPLICATE_MERSIS % {"row": 11}),
        },
    ]
    assert (job.refused_count, job.error_count) == (9, 11)
    assert (job.created_count, job.updated_count) == (2, 0)
    assert not job.file
    assert Firm.objects.count() == 1

    page = client.get(job.get_absolute_url())
    content = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert str(TAX_ID_CHECKSUM) in content
    assert "Gizli" not in content
    assert hidden.tax_id not in content
    assert reverse("infospots:firm_import_commit", kwargs={"pk": job.pk}) not in content


def test_mersis_numbers_of_registered_firms_are_refused(
    upload, staff_a, info_spot_a, info_spot_b
):
    here = FirmFactory(
        province=info_spot_a.province,
        info_spot=info_spot_a,
        mersis_number="0111111111111111",
    )
    FirmFactory(
        province=info_spot_b.province,
        info_spot=info_spot_b,
        legal_name="Gizli Fındık",
        mersis_number="0222222222222222",
    )
    FirmFactory(
        province=info_spot_a.province,
        info_spot=info_spot_a,
        legal_name="Samsun Un A.Ş.",
        mersis_number="0333333333333333",
    )
    rows = [
        row(1, mersis_number="0333333333333333"),
        row(2, mersis_number="0222222222222222"),
        row(3, tax_id=here.tax_id, mersis_number=here.mersis_number),
    ]
    upload(staff_a, csv_bytes(rows, keys=[*KEYS, "mersis_number"]))
    job = latest_job()
    assert job.errors == [
        {
            "row": 2,
            "column": "mersis_number",
            "message": str(MERSIS_EXISTS % {"firm": "Samsun Un A.Ş."}),
        },
        {
            "row": 3,
            "column": "mersis_number",
            "message": str(MERSIS_EXISTS_ELSEWHERE),
        },
    ]
    assert job.updated_count == 1


def test_odd_rows_are_reported(upload, staff_a):
    content = (
        "legal_name,tax_id,primary_nace\n"
        "Bir,454053692012,10\n"
        "İki,4540536920,10,extra\n"
        "Üç,4540536920,10.71\n"
    ).encode()
    upload(staff_a, content)
    assert latest_job().errors == [
        {"row": 2, "column": "tax_id", "message": str(TAX_ID_LENGTH % {"length": 12})},
        {"row": 3, "column": "", "message": str(EXTRA_CELLS)},
        {"row": 4, "column": "tax_id", "message": str(DUPLICATE_TAX_ID % {"row": 3})},
    ]


def test_problems_name_the_columns_as_the_file_writes_them(upload, staff_a):
    content = b"Legal name;Vergi No;NACE\nBir Firma;4540536921;10\n"
    upload(staff_a, content)
    assert latest_job().errors == [
        {"row": 2, "column": "Vergi No", "message": str(TAX_ID_CHECKSUM)}
    ]


def test_an_invalid_job_cannot_be_committed(upload, commit, staff_a):
    upload(staff_a, csv_bytes([row(1, tax_id="4540536921")]))
    job = latest_job()
    commit(staff_a, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert Firm.objects.count() == 0


# --- files refused at upload (4xx, nothing stored) --------------------------------


def refused(upload, user, content, name):
    response = upload(user, content, name=name)
    assert response.status_code == 400
    assert ImportJob.objects.count() == 0
    return form_errors(response)


def test_formulas_are_refused(upload, staff_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["legal_name", "tax_id", "primary_nace"])
    sheet.append(["Bir Firma", "4540536920", "=5*2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    errors = refused(upload, staff_a, buffer.getvalue(), "firms.xlsx")
    assert errors == [str(FORMULAS % {"cell": "C2"})]


def test_a_formula_typed_into_a_csv_is_refused(upload, staff_a):
    content = "legal_name,tax_id,primary_nace\n=HYPERLINK(1),4540536920,10\n"
    errors = refused(upload, staff_a, content.encode(), "firms.csv")
    assert errors == [str(FORMULAS % {"cell": "A2"})]


def test_a_wrong_column_layout_is_refused_with_the_expected_columns(upload, staff_a):
    content = b"legal_name,colour,primary_nace,legal_name\nA,red,10,A\n"
    [error] = refused(upload, staff_a, content, "firms.csv")
    assert "Missing: Tax id." in error
    assert "Unknown: colour." in error
    assert "Repeated: legal_name." in error
    assert "Expected columns: Legal name, Trade name, Tax id, MERSİS number" in error
    assert "Required: Legal name, Tax id, Main NACE division." in error


def test_a_file_over_the_size_limit_is_refused(upload, staff_a, settings):
    settings.KMS_IMPORT_MAX_BYTES = 100
    content = csv_bytes([row(1), row(2)])
    errors = refused(upload, staff_a, content, "firms.csv")
    sizes = {"size": filesizeformat(len(content)), "limit": filesizeformat(100)}
    assert errors == [str(FILE_TOO_LARGE % sizes)]


def test_a_file_over_the_row_limit_is_refused(upload, staff_a, settings):
    settings.KMS_IMPORT_MAX_ROWS = 2
    errors = refused(upload, staff_a, csv_bytes([row(1), row(2), row(3)]), "f.csv")
    assert errors == [str(TOO_MANY_ROWS % {"max": 2})]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            "legal_name;tax_id;primary_nace\nÜnlü;1;10\n".encode("cp1254"),
            "f.csv",
            CSV_NOT_UTF8,
        ),
        (b"legal_name,tax_id,primary_nace\nA,1,10\n", "firms.xlsx", NOT_XLSX),
        (b"legal_name,tax_id\n", "firms.txt", WRONG_TYPE),
        (b"\xd0\xcf\x11\xe0 an old workbook", "firms.xls", WRONG_TYPE),
        (b"\n\n", "firms.csv", EMPTY_FILE),
        (b"legal_name,tax_id,primary_nace\n,,\n", "firms.csv", NO_DATA_ROWS),
    ],
    ids=["not-utf8", "text-named-xlsx", "txt", "xls", "blank", "header-only"],
)
def test_unreadable_files_are_refused(upload, staff_a, content, name, message):
    assert refused(upload, staff_a, content, name) == [str(message)]


def test_a_workbook_that_unpacks_too_large_is_refused(upload, staff_a, settings):
    settings.KMS_IMPORT_MAX_UNPACKED_BYTES = 1000
    errors = refused(upload, staff_a, xlsx_bytes([row(1)]), "firms.xlsx")
    assert errors == [str(XLSX_TOO_BIG % {"limit": filesizeformat(1000)})]


def test_a_row_with_too_many_cells_is_refused(upload, staff_a):
    content = csv_bytes([row(1)]) + b"," * 150 + b"x\n"
    errors = refused(upload, staff_a, content, "firms.csv")
    assert errors == [str(TOO_MANY_COLUMNS % {"row": 3, "max": 100})]


def test_a_zip_that_is_not_a_workbook_is_refused(upload, staff_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    errors = refused(upload, staff_a, buffer.getvalue(), "firms.xlsx")
    assert errors == [str(XLSX_UNREADABLE)]


def test_an_empty_upload_is_refused(upload, staff_a):
    response = upload(staff_a, b"", name="firms.csv")
    assert response.status_code == 400
    assert ImportJob.objects.count() == 0


# --- commit: all or nothing, once --------------------------------------------------


def test_a_failure_mid_commit_writes_nothing(upload, commit, staff_a, monkeypatch):
    upload(staff_a, csv_bytes([row(1), row(2), row(3), row(4), row(5)]))
    job = latest_job()
    real = imports.commit._create_batch
    batches = []

    def fail_on_second_batch(**kwargs):
        batches.append([firm.tax_id for firm in kwargs["firms"]])
        if len(batches) == 2:
            raise IntegrityError("UNIQUE constraint failed: infospots_firm.tax_id")
        real(**kwargs)

    monkeypatch.setattr(imports.commit, "WRITE_BATCH", 2)
    monkeypatch.setattr(imports.commit, "_create_batch", fail_on_second_batch)
    commit(staff_a, job)
    job.refresh_from_db()
    assert len(batches) == 2
    assert job.status == ImportStatus.FAILED
    assert job.message == str(CONCURRENT_WRITE)
    assert Firm.objects.count() == 0
    assert Firm.history.count() == 0
    assert Firm.secondary_naces.through.objects.count() == 0
    assert not job.file


def test_a_firm_registered_elsewhere_after_the_preview_stops_the_commit(
    upload, commit, staff_a, info_spot_b
):
    rows = [row(1), row(2)]
    upload(staff_a, csv_bytes(rows))
    job = latest_job()
    FirmFactory(
        province=info_spot_b.province, info_spot=info_spot_b, tax_id=rows[1]["tax_id"]
    )
    commit(staff_a, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert job.message == str(STALE_PREVIEW % {"count": 1})
    with translation.override("en"):
        assert str(STALE_PREVIEW % {"count": 1}) == (
            "The registry changed since the check: 1 row now has problems. "
            "Nothing was written."
        )
    assert job.errors == [
        {"row": 3, "column": "tax_id", "message": str(FIRM_EXISTS_ELSEWHERE)}
    ]
    assert Firm.objects.filter(province=job.province).count() == 0


def test_committing_again_changes_nothing(upload, commit, client, staff_a):
    upload(staff_a, csv_bytes([row(1)]))
    job = latest_job()
    commit(staff_a, job)
    response = commit(staff_a, job)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [str(ALREADY_STARTED)]
    import_job_commit(job=job)
    tasks.commit_import_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 1)
    assert Firm.objects.count() == 1
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Firms created" in page


def test_tasks_return_quietly_when_the_job_is_gone():
    tasks.validate_import_job.apply(args=[999999]).get()
    tasks.commit_import_job.apply(args=[999999]).get()


def test_commit_needs_post(client, staff_a, info_spot_a):
    job = ImportJobFactory(info_spot=info_spot_a, status=ImportStatus.READY)
    client.force_login(staff_a)
    url = reverse("infospots:firm_import_commit", kwargs={"pk": job.pk})
    assert client.get(url).status_code == 405
    job.refresh_from_db()
    assert job.status == ImportStatus.READY


# --- progress ------------------------------------------------------------------------


def test_the_progress_fragment_reports_counts_and_polls_while_running(
    client, staff_a, info_spot_a
):
    job = ImportJobFactory(
        info_spot=info_spot_a,
        status=ImportStatus.VALIDATING,
        total_rows=200,
        processed_rows=50,
    )
    client.force_login(staff_a)
    url = reverse("infospots:firm_import_progress", kwargs={"pk": job.pk})
    response = client.get(url, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'aria-valuenow="25"' in content
    assert "Checking rows: 50 of 200." in content
    assert "HX-Refresh" not in response
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'hx-get="{url}"' in page
    assert 'hx-trigger="every 1s"' in page


def test_the_progress_of_a_commit_comes_from_the_cache(client, staff_a, info_spot_a):
    job = ImportJobFactory(
        info_spot=info_spot_a,
        status=ImportStatus.IMPORTING,
        total_rows=1000,
        created_count=600,
        updated_count=200,
    )
    cache.set(imports._progress_key(job.pk), 200)
    client.force_login(staff_a)
    url = reverse("infospots:firm_import_progress", kwargs={"pk": job.pk})
    content = client.get(url).content.decode()
    assert 'aria-valuenow="25"' in content
    assert "Writing firms: 200 of 800." in content


def test_a_finished_job_stops_polling_and_reloads_the_page(
    client, staff_a, info_spot_a
):
    job = ImportJobFactory(
        info_spot=info_spot_a, status=ImportStatus.DONE, total_rows=4, processed_rows=4
    )
    client.force_login(staff_a)
    url = reverse("infospots:firm_import_progress", kwargs={"pk": job.pk})
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in client.get(job.get_absolute_url()).content.decode()


# --- scoping -------------------------------------------------------------------------

# anonymous, member, staff of province A, staff of province B, manager
SCOPING = [
    ("anonymous", 302),
    ("member", 403),
    ("staff_a", 200),
    ("staff_b", 404),
    ("manager", 200),
]


@pytest.mark.parametrize(("actor", "status"), SCOPING)
@pytest.mark.parametrize("view", ["firm_import_detail", "firm_import_progress"])
def test_a_job_is_seen_only_within_its_province(
    client, request, info_spot_a, actor, status, view
):
    job = ImportJobFactory(info_spot=info_spot_a, status=ImportStatus.INVALID)
    user = request.getfixturevalue(actor)
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(reverse(f"infospots:{view}", kwargs={"pk": job.pk}))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("actor", "status", "final"),
    [
        ("anonymous", 302, "ready"),
        ("member", 403, "ready"),
        ("staff_a", 302, "done"),
        ("staff_b", 404, "ready"),
        ("manager", 302, "done"),
    ],
)
def test_a_job_is_committed_only_within_its_province(
    client,
    request,
    django_capture_on_commit_callbacks,
    upload,
    staff_a,
    actor,
    status,
    final,
):
    upload(staff_a, csv_bytes([row(1)]))
    job = latest_job()
    client.logout()
    user = request.getfixturevalue(actor)
    if user.is_authenticated:
        client.force_login(user)
    url = reverse("infospots:firm_import_commit", kwargs={"pk": job.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job.refresh_from_db()
    assert response.status_code == status
    assert job.status == final
    assert Firm.objects.count() == (1 if final == "done" else 0)


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("staff_a", 200),
        ("staff_b", 200),
        ("manager", 200),
    ],
)
def test_the_import_page_answers_each_actor(
    client, request, info_spot_a, actor, status
):
    user = request.getfixturevalue(actor)
    if user.is_authenticated:
        client.force_login(user)
    assert client.get(IMPORT_URL).status_code == status


def test_the_import_page_is_not_cached(client, staff_a):
    client.force_login(staff_a)
    assert "no-store" in client.get(IMPORT_URL)["Cache-Control"]


def test_the_import_page_lists_only_jobs_of_the_province(
    client, staff_a, info_spot_a, info_spot_b
):
    ImportJobFactory(info_spot=info_spot_a, original_name="samsun.csv")
    ImportJobFactory(info_spot=info_spot_b, original_name="trabzon.csv")
    client.force_login(staff_a)
    content = client.get(IMPORT_URL).content.decode()
    assert "samsun.csv" in content
    assert "trabzon.csv" not in content


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("10", "10"),
        ("10.71", "10"),
        ("C10", "10"),
        ("c 10.7", "10"),
        ("G46", "46"),
        ("1", "01"),
        ("A10", None),  # division 10 is in section C, not A
        ("C", None),
        ("00", None),
        ("X46", None),
    ],
)
def test_a_nace_cell_names_a_division_of_its_own_section(cell, expected):
    naces = {n.code: n for n in NaceDivision.objects.select_related("section")}
    division = _nace_division(cell, naces)
    assert (division.code if division else None) == expected


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("46 47", ["46", "47"]),
        ("C 10, C 11", ["C 10", "C 11"]),
        ("C10;C11", ["C10", "C11"]),
        ("10.71 / 11", ["10.71", "11"]),
        ("C 10 11", ["C 10", "11"]),
    ],
)
def test_secondary_nace_cells_split_into_codes(cell, codes):
    assert [c for c in _NACE_SEPARATORS.split(cell) if c] == codes
