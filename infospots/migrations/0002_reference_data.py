"""Load the reference data: NUTS-2 regions, 81 provinces, NACE Rev.2.

Sources are the CSV files in infospots/data/ (provinces from the programme's
reference list, NACE Rev.2 sections and divisions in Turkish and English).
Re-running is harmless: rows are matched on their codes. The CSV files are
this migration's frozen input: correct reference data with a new migration,
never by editing them, or databases migrated before and after would differ.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

# Each NUTS-2 region is named after its provinces, centre first (TÜİK usage).
REGION_NAMES = {
    "TR10": "İstanbul",
    "TR21": "Tekirdağ, Edirne, Kırklareli",
    "TR22": "Balıkesir, Çanakkale",
    "TR31": "İzmir",
    "TR32": "Aydın, Denizli, Muğla",
    "TR33": "Manisa, Afyonkarahisar, Kütahya, Uşak",
    "TR41": "Bursa, Eskişehir, Bilecik",
    "TR42": "Kocaeli, Sakarya, Düzce, Bolu, Yalova",
    "TR51": "Ankara",
    "TR52": "Konya, Karaman",
    "TR61": "Antalya, Isparta, Burdur",
    "TR62": "Adana, Mersin",
    "TR63": "Hatay, Kahramanmaraş, Osmaniye",
    "TR71": "Kırıkkale, Aksaray, Niğde, Nevşehir, Kırşehir",
    "TR72": "Kayseri, Sivas, Yozgat",
    "TR81": "Zonguldak, Karabük, Bartın",
    "TR82": "Kastamonu, Çankırı, Sinop",
    "TR83": "Samsun, Tokat, Çorum, Amasya",
    "TR90": "Trabzon, Ordu, Giresun, Rize, Artvin, Gümüşhane",
    "TRA1": "Erzurum, Erzincan, Bayburt",
    "TRA2": "Ağrı, Kars, Iğdır, Ardahan",
    "TRB1": "Malatya, Elazığ, Bingöl, Tunceli",
    "TRB2": "Van, Muş, Bitlis, Hakkari",
    "TRC1": "Gaziantep, Adıyaman, Kilis",
    "TRC2": "Şanlıurfa, Diyarbakır",
    "TRC3": "Mardin, Batman, Şırnak, Siirt",
}

TURKISH_ASCII = str.maketrans("çğıİöşüÇĞÖŞÜâÂîÎûÛ", "cgiiosucgosuaaiiuu")


def slugify_tr(name: str) -> str:
    """ASCII slug of a Turkish place name: "Kahramanmaraş" -> "kahramanmaras"."""
    return name.translate(TURKISH_ASCII).lower().replace(" ", "-")


def read(name):
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load(apps, schema_editor):
    Region = apps.get_model("infospots", "Region")
    Province = apps.get_model("infospots", "Province")
    NaceSection = apps.get_model("infospots", "NaceSection")
    NaceDivision = apps.get_model("infospots", "NaceDivision")

    regions = {
        code: Region.objects.update_or_create(code=code, defaults={"name": name})[0]
        for code, name in REGION_NAMES.items()
    }
    for row in read("provinces_tr.csv"):
        Province.objects.update_or_create(
            plate=int(row["plate"]),
            defaults={
                "name": row["name"],
                "slug": slugify_tr(row["name"]),
                "iso_code": row["iso_3166_2"],
                "region": regions[row["nuts2"]],
                "rcop_eligible": row["rcop_eligible"] == "true",
            },
        )

    rows = read("nace_rev2.csv")
    sections = {
        row["code"]: NaceSection.objects.update_or_create(
            code=row["code"],
            defaults={"name_tr": row["name_tr"], "name_en": row["name_en"]},
        )[0]
        for row in rows
        if row["level"] == "section"
    }
    for row in rows:
        if row["level"] == "division":
            NaceDivision.objects.update_or_create(
                code=row["code"],
                defaults={
                    "section": sections[row["section"]],
                    "name_tr": row["name_tr"],
                    "name_en": row["name_en"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("infospots", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
