"""The demo programme for `manage.py seed_demo`: the SME Networking Project's
targets whose metrics exist, the pilot provinces' shares, and monthly
snapshots backfilled from the dated demo records."""

import datetime as dt

from django.utils import timezone

from infospots.models import Province

from .models import Metric, Programme, ProvinceTarget, Target
from .services import snapshots_backfill

START, END = dt.date(2024, 1, 1), dt.date(2027, 12, 31)
PILOT_PLATES = (19, 27, 46, 55, 61)

# code, Turkish title, English title, metric, national value, unit, each
# pilot province's share
TARGETS = [
    (
        "smes-reached",
        "Küme Bilgi Noktalarının ulaştığı KOBİ",
        "SMEs reached by the Cluster Info Spots",
        Metric.SMES_REACHED,
        400,
        "KOBİ",
        80,
    ),
    (
        "smes-in-clusters",
        "Kümelere katılan KOBİ",
        "SMEs included in clusters",
        Metric.SMES_IN_CLUSTERS,
        200,
        "KOBİ",
        40,
    ),
    (
        "clusters-completed",
        "Faaliyetlerini tamamlayan küme (her pilot ilde en az 3)",
        "Clusters with completed activities (at least 3 per pilot province)",
        Metric.CLUSTERS_COMPLETED,
        15,
        "küme",
        3,
    ),
    (
        "clusters-identified",
        "Belirlenen küme (12'ye kadar)",
        "Clusters identified (up to 12)",
        Metric.CLUSTERS_IDENTIFIED,
        12,
        "küme",
        None,
    ),
    (
        "grants-approved",
        "Onaylanan hibe başvurusu",
        "Grant applications approved",
        Metric.GRANTS_APPROVED,
        10,
        "başvuru",
        2,
    ),
]


def seed_programme() -> int:
    """Create the programme and its targets (once) and backfill monthly
    snapshots up to today. Returns the number of new targets."""
    programme, _created = Programme.objects.get_or_create(
        slug="kobi-aglari",
        defaults={
            "name": "KOBİ Ağları Projesi",
            "starts_on": START,
            "ends_on": END,
        },
    )
    pilots = list(Province.objects.filter(plate__in=PILOT_PLATES))
    new = 0
    for order, (code, title_tr, title_en, metric, value, unit, share) in enumerate(
        TARGETS, start=1
    ):
        target, created = Target.objects.get_or_create(
            programme=programme,
            code=code,
            defaults={
                "title_tr": title_tr,
                "title_en": title_en,
                "metric": metric,
                "target_value": value,
                "unit": unit,
                "deadline": END,
                "order": order,
            },
        )
        new += created
        if share is not None:
            for province in pilots:
                ProvinceTarget.objects.get_or_create(
                    target=target, province=province, defaults={"target_value": share}
                )
    snapshots_backfill(since=START, until=timezone.localdate())
    return new
