"""Spreadsheet import of firms: read a file, check every row, write all at once.

The flow:

1. `inspect_upload` checks the file's shape while the user waits (size, type
   by content, readable, no formulas, the expected columns, row limit);
   `import_job_create` stores it and enqueues `tasks.validate_import_job`.
2. `import_job_validate` checks every row with the registry's own rules
   (tax id checksums, NACE codes, founding year, the model's validators,
   duplicates in the file and in the registry) and stores the problems
   (row, column, message) on the job: the preview.
3. A clean job is committed: `import_job_request_commit` claims it and
   enqueues `tasks.commit_import_job`; `import_job_commit` checks the rows
   again and writes them in one transaction, with the registry's keys,
   permission predicate and history, so any failure leaves nothing
   written. A firm whose tax id is already registered in the job's
   province is updated, never duplicated.

The package: `messages` (what the user is told), `columns` (the template's
columns, the header mapping, the template files), `files` (upload checks,
CSV and XLSX readers), `rows` (the row check and its plan, the preview),
`commit` (the job's life, the all-or-nothing commit and its progress). The
names below are the ones the rest of the project imports from here.
"""

from .columns import (
    BOOLEAN_FIELDS,
    COLUMNS,
    COLUMNS_BY_KEY,
    TEXT_FIELDS,
    Column,
    describe_columns,
    expected_columns_text,
    header_key,
    template_csv,
    template_xlsx,
)
from .commit import (
    MAX_STORED_ERRORS,
    WRITE_BATCH,
    import_job_commit,
    import_job_create,
    import_job_request_commit,
    import_job_validate,
    written_rows,
)

# Private, but the tests read the progress bar's cache key through the package.
from .commit import _progress_key as _progress_key
from .files import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    DEFAULT_MAX_UNPACKED_BYTES,
    MAX_COLUMNS,
    SUFFIXES,
    XLSX_MAGIC,
    Sheet,
    SheetRow,
    detect_format,
    inspect_upload,
    max_import_bytes,
    max_import_rows,
    read_sheet,
)
from .messages import (
    CONCURRENT_WRITE,
    CSV_IS_WORKBOOK,
    CSV_NOT_UTF8,
    CSV_UNREADABLE,
    DUPLICATE_MERSIS,
    DUPLICATE_TAX_ID,
    EMPTY_FILE,
    EXTRA_CELLS,
    FILE_MISSING,
    FILE_TOO_LARGE,
    FORMULAS,
    MISSING_COLUMNS,
    NO_ACTOR,
    NO_DATA_ROWS,
    NOT_A_BOOLEAN,
    NOT_A_YEAR,
    NOT_XLSX,
    REPEATED_COLUMNS,
    REQUIRED_VALUE,
    STALE_PREVIEW,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    UNEXPECTED_FAILURE,
    UNKNOWN_COLUMNS,
    UNKNOWN_NACE,
    UNKNOWN_NACES,
    UNNAMED_COLUMN,
    WRONG_COLUMNS,
    WRONG_TYPE,
    XLSX_NO_SHEET,
    XLSX_TOO_BIG,
    XLSX_UNREADABLE,
    ImportFileError,
)
from .rows import (
    CHUNK,
    PROGRESS_EVERY,
    Plan,
    PlannedRow,
    plan_import,
)

__all__ = [
    "BOOLEAN_FIELDS",
    "CHUNK",
    "COLUMNS",
    "COLUMNS_BY_KEY",
    "CONCURRENT_WRITE",
    "CSV_IS_WORKBOOK",
    "CSV_NOT_UTF8",
    "CSV_UNREADABLE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_MAX_UNPACKED_BYTES",
    "DUPLICATE_MERSIS",
    "DUPLICATE_TAX_ID",
    "EMPTY_FILE",
    "EXTRA_CELLS",
    "FILE_MISSING",
    "FILE_TOO_LARGE",
    "FORMULAS",
    "MAX_COLUMNS",
    "MAX_STORED_ERRORS",
    "MISSING_COLUMNS",
    "NOT_A_BOOLEAN",
    "NOT_A_YEAR",
    "NOT_XLSX",
    "NO_ACTOR",
    "NO_DATA_ROWS",
    "PROGRESS_EVERY",
    "REPEATED_COLUMNS",
    "REQUIRED_VALUE",
    "STALE_PREVIEW",
    "SUFFIXES",
    "TEXT_FIELDS",
    "TOO_MANY_COLUMNS",
    "TOO_MANY_ROWS",
    "UNEXPECTED_FAILURE",
    "UNKNOWN_COLUMNS",
    "UNKNOWN_NACE",
    "UNKNOWN_NACES",
    "UNNAMED_COLUMN",
    "WRITE_BATCH",
    "WRONG_COLUMNS",
    "WRONG_TYPE",
    "XLSX_MAGIC",
    "XLSX_NO_SHEET",
    "XLSX_TOO_BIG",
    "XLSX_UNREADABLE",
    "Column",
    "ImportFileError",
    "Plan",
    "PlannedRow",
    "Sheet",
    "SheetRow",
    "describe_columns",
    "detect_format",
    "expected_columns_text",
    "header_key",
    "import_job_commit",
    "import_job_create",
    "import_job_request_commit",
    "import_job_validate",
    "inspect_upload",
    "max_import_bytes",
    "max_import_rows",
    "plan_import",
    "read_sheet",
    "template_csv",
    "template_xlsx",
    "written_rows",
]
