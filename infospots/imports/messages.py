"""What the import tells the user, and the error for a file it refuses.

The tests reuse these messages.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

FILE_TOO_LARGE = _("The file is too large (%(size)s); the limit is %(limit)s.")
WRONG_TYPE = _(
    "Upload a CSV (UTF-8) or an Excel workbook (.xlsx). "
    "Older .xls workbooks must be saved as .xlsx first."
)
NOT_XLSX = _(
    "This file is named .xlsx but is not an Excel workbook. "
    "Open it in Excel and save it as an Excel workbook (.xlsx)."
)
CSV_IS_WORKBOOK = _(
    "This file is named .csv but is an Excel workbook. "
    "Rename it to .xlsx or save it as CSV UTF-8."
)
XLSX_UNREADABLE = _(
    "This workbook cannot be read: it is damaged or not a real .xlsx file."
)
XLSX_NO_SHEET = _("This workbook has no worksheet.")
XLSX_TOO_BIG = _(
    "This workbook is too large once unpacked (over %(limit)s). Remove "
    "formatting and empty rows, or split it into smaller files."
)
TOO_MANY_COLUMNS = ngettext_lazy(
    "Row %(row)d has more than %(max)d cell. Use the columns of the template.",
    "Row %(row)d has more than %(max)d cells. Use the columns of the template.",
    "max",
)
CSV_NOT_UTF8 = _(
    'The CSV file is not UTF-8 encoded. In Excel choose "Save as" and '
    '"CSV UTF-8 (comma delimited)", then upload it again.'
)
CSV_UNREADABLE = _("The CSV file cannot be read: it is damaged or not a text file.")
FORMULAS = _(
    "The file contains formulas (the first one in cell %(cell)s). Formulas are "
    "not imported: copy the cells and paste them as values only, then upload "
    "the file again."
)
EMPTY_FILE = _("The file is empty: the first row must hold the column names.")
NO_DATA_ROWS = _("The file has column names but no firms below them.")
TOO_MANY_ROWS = ngettext_lazy(
    "The file has more than %(max)d row. Split it into files of at most %(max)d firm.",
    "The file has more than %(max)d rows. "
    "Split it into files of at most %(max)d firms.",
    "max",
)
WRONG_COLUMNS = _(
    "The columns of the first row do not match the template. %(problems)s "
    "Expected columns: %(expected)s. Required: %(required)s."
)
MISSING_COLUMNS = _("Missing: %(columns)s.")
UNKNOWN_COLUMNS = _("Unknown: %(columns)s.")
REPEATED_COLUMNS = _("Repeated: %(columns)s.")
UNNAMED_COLUMN = _("column %(letter)s without a name")

REQUIRED_VALUE = _("This column cannot be empty.")
EXTRA_CELLS = _("This row has more cells than the first row has column names.")
UNKNOWN_NACE = _("Unknown NACE division code: %(code)s.")
UNKNOWN_NACES = _("Unknown NACE division codes: %(codes)s.")
NOT_A_YEAR = _("Write the year in four digits, such as 1998.")
NOT_A_BOOLEAN = _("Write yes or no (evet or hayır).")
DUPLICATE_TAX_ID = _("This tax id is also on row %(row)d of the file.")
DUPLICATE_MERSIS = _("This MERSİS number is also on row %(row)d of the file.")

STALE_PREVIEW = ngettext_lazy(
    "The registry changed since the check: %(count)d row now has problems. "
    "Nothing was written.",
    "The registry changed since the check: %(count)d rows now have problems. "
    "Nothing was written.",
    "count",
)
CONCURRENT_WRITE = _(
    "Nothing was written: a firm with the same tax id or MERSİS number was "
    "saved by someone else during the import. Upload the file again to check it."
)
NO_ACTOR = _("Nothing was written: the person who started the import is gone.")
UNEXPECTED_FAILURE = _(
    "Nothing was written: the import stopped on an unexpected error. "
    "Please try again; if it happens again, tell an administrator."
)
FILE_MISSING = _("The uploaded file is no longer available; upload it again.")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` tells the user why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
