"""What the national-scale data phases share."""

from django.db import connection

# The five pilot provinces (plates) the load-test rows go to.
PILOT_PLATES = (19, 27, 46, 55, 61)
SAMSUN = 55
BATCH = 5000


def analyze(table: str = "") -> None:
    """Fresh planner statistics (and the visibility map, for index-only
    scans) after a bulk load. VACUUM cannot run inside a transaction."""
    with connection.cursor() as cursor:
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        cursor.execute(f"{vacuum} {table}".strip())
