"""Size-class regulations as rows, and trigram search on PostgreSQL.

Regulations (thresholds in the regulation's currency; employees are annual
work units, a class needs fewer than its limit):
- KOBİ 2018: Turkish SME regulation as amended in the Official Gazette of
  24 June 2018 (3 / 25 / 125 million TL).
- KOBİ 2023: as amended in the Official Gazette of 25 May 2023
  (10 / 100 / 500 million TL).
- EU 2003/361: Commission Recommendation, kept for comparison only.
Later amendments are added as new rows by project managers.
"""

from decimal import Decimal

from django.db import migrations

M = Decimal(1_000_000)

REGULATIONS = [
    {
        "code": "tr-kobi-2018",
        "name": "KOBİ Yönetmeliği (2018)",
        "currency": "TRY",
        "in_force_from": 2018,
        "in_force_until": 2022,
        "applies_to_firms": True,
        "limits": [(10, 3 * M, 3 * M), (50, 25 * M, 25 * M), (250, 125 * M, 125 * M)],
    },
    {
        "code": "tr-kobi-2023",
        "name": "KOBİ Yönetmeliği (2023)",
        "currency": "TRY",
        "in_force_from": 2023,
        "in_force_until": None,
        "applies_to_firms": True,
        "limits": [
            (10, 10 * M, 10 * M),
            (50, 100 * M, 100 * M),
            (250, 500 * M, 500 * M),
        ],
    },
    {
        "code": "eu-2003-361",
        "name": "EU Recommendation 2003/361/EC",
        "currency": "EUR",
        "in_force_from": 2005,
        "in_force_until": None,
        "applies_to_firms": False,
        "limits": [(10, 2 * M, 2 * M), (50, 10 * M, 10 * M), (250, 50 * M, 43 * M)],
    },
]


def load(apps, schema_editor):
    SizeRegulation = apps.get_model("infospots", "SizeRegulation")
    for row in REGULATIONS:
        limits = dict(zip(("micro", "small", "medium"), row["limits"], strict=True))
        defaults = {
            key: row[key]
            for key in ("name", "currency", "in_force_from", "in_force_until")
        }
        defaults["applies_to_firms"] = row["applies_to_firms"]
        for prefix, (employees, sales, balance) in limits.items():
            defaults[f"{prefix}_employees"] = employees
            defaults[f"{prefix}_sales"] = sales
            defaults[f"{prefix}_balance"] = balance
        SizeRegulation.objects.update_or_create(code=row["code"], defaults=defaults)


TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS infospots_firm_search_trgm "
    "ON infospots_firm USING gin (search_key gin_trgm_ops)"
)


def create_search_index(apps, schema_editor):
    # SQLite (the embedded default) scans; PostgreSQL answers substring
    # searches from a trigram index. pg_trgm is a trusted extension.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(TRIGRAM_INDEX)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS infospots_firm_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("infospots", "0003_sme_registry")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
