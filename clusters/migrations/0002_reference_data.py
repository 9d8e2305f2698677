"""Selection criteria and grant schemes: data, editable by managers afterwards."""

from decimal import Decimal

from django.db import migrations

CRITERIA = [
    (
        "economic-impact",
        "Ekonomik etki",
        "Economic impact",
        "Firma sayısı, istihdam, üretim ve ihracat içindeki pay; bölgeye katma değer.",
        "Number of firms, employment, share of output and exports; value added "
        "for the region.",
        Decimal("30"),
    ),
    (
        "demand",
        "Talep",
        "Demand",
        "Firmaların işbirliğine istekli olması ve ortak ihtiyaçları; pazar "
        "talebinin büyümesi.",
        "Firms' willingness to cooperate and their shared needs; growth of "
        "market demand.",
        Decimal("25"),
    ),
    (
        "networking",
        "Ağ oluşturma ve işbirliği",
        "Networking and cooperation",
        "Mevcut ortak projeler, dernekler, üniversite ve kamu ile ilişkiler.",
        "Existing joint projects, associations, links with universities and "
        "public bodies.",
        Decimal("25"),
    ),
    (
        "factor-conditions",
        "Faktör koşulları",
        "Factor conditions",
        "Nitelikli işgücü, altyapı, ham madde, finansmana ve teknolojiye erişim.",
        "Skilled labour, infrastructure, raw materials, access to finance and "
        "technology.",
        Decimal("20"),
    ),
]

SCHEMES = [
    (
        "ur-ge",
        "UR-GE: Uluslararası Rekabetçiliğin Geliştirilmesi Desteği",
        "UR-GE: Developing International Competitiveness",
        "T.C. Ticaret Bakanlığı (eski Ekonomi Bakanlığı)",
    ),
    (
        "kosgeb-cooperation",
        "KOSGEB İşbirliği-Güçbirliği Destek Programı",
        "KOSGEB Cooperation Support Programme",
        "KOSGEB",
    ),
    (
        "development-agency",
        "Kalkınma Ajansı Mali Destek Programı",
        "Development agency financial support programme",
        "Kalkınma ajansları",
    ),
    (
        "tubitak",
        "TÜBİTAK Sanayi Ar-Ge Destek Programları",
        "TÜBİTAK industrial R&D support programmes",
        "TÜBİTAK",
    ),
    (
        "eu-single-market",
        "AB Tek Pazar Programı (KOBİ ayağı, eski COSME)",
        "EU Single Market Programme (SME strand, formerly COSME)",
        "Avrupa Komisyonu",
    ),
    ("horizon-europe", "Ufuk Avrupa", "Horizon Europe", "Avrupa Komisyonu"),
    ("other", "Diğer destek programları", "Other support schemes", "—"),
]


def load(apps, schema_editor):
    Criterion = apps.get_model("clusters", "SelectionCriterion")
    for order, (code, name_tr, name_en, desc_tr, desc_en, weight) in enumerate(
        CRITERIA, start=1
    ):
        Criterion.objects.update_or_create(
            code=code,
            defaults={
                "name_tr": name_tr,
                "name_en": name_en,
                "description_tr": desc_tr,
                "description_en": desc_en,
                "weight": weight,
                "order": order,
            },
        )
    Scheme = apps.get_model("clusters", "GrantScheme")
    for code, name_tr, name_en, provider in SCHEMES:
        Scheme.objects.update_or_create(
            code=code,
            defaults={"name_tr": name_tr, "name_en": name_en, "provider": provider},
        )


class Migration(migrations.Migration):
    dependencies = [("clusters", "0001_clusters")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
