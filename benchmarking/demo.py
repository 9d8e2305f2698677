"""The demo programme for `manage.py seed_demo`: its targets are data
(data/demo_programme.toml), with the pilot provinces' own values, and
monthly snapshots backfilled from the dated demo records."""

import tomllib
from pathlib import Path

from django.utils import timezone

from infospots.models import Province

from .models import Programme, ProvinceTarget, Target
from .services import snapshots_backfill

DATA = Path(__file__).resolve().parent / "data" / "demo_programme.toml"
PILOT_PLATES = (19, 27, 46, 55, 61)


def load_demo_programme() -> dict:
    with DATA.open("rb") as file:
        return tomllib.load(file)


def seed_programme() -> int:
    """Create the programme and its targets (once) and backfill monthly
    snapshots up to today. Returns the number of new targets."""
    data = load_demo_programme()
    about = data["programme"]
    programme, _created = Programme.objects.get_or_create(
        slug=about["slug"],
        defaults={
            "name": about["name"],
            "starts_on": about["starts_on"],
            "ends_on": about["ends_on"],
        },
    )
    pilots = list(Province.objects.filter(plate__in=PILOT_PLATES))
    new = 0
    for order, spec in enumerate(data["targets"], start=1):
        target, created = Target.objects.get_or_create(
            programme=programme,
            code=spec["code"],
            defaults={
                "title_tr": spec["title_tr"],
                "title_en": spec["title_en"],
                "metric": spec["metric"],
                "target_value": spec["target_value"],
                "direction": spec.get("direction", "at_least"),
                "lower_bound": spec.get("lower_bound"),
                "applies_to": spec.get("applies_to", "national"),
                "deadline": programme.ends_on,
                "order": order,
            },
        )
        new += created
        if "province_value" in spec:
            for province in pilots:
                ProvinceTarget.objects.get_or_create(
                    target=target,
                    province=province,
                    defaults={"target_value": spec["province_value"]},
                )
    snapshots_backfill(since=programme.starts_on, until=timezone.localdate())
    return new
