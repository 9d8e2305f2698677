"""National-scale SME registry: firms in the pilot provinces, services
delivered to them and a year of figures for half of them."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery

from infospots.models import (
    AnnualFigures,
    Firm,
    InfoSpot,
    NaceDivision,
    Province,
    Service,
    ServiceKind,
    SizeClass,
)
from infospots.selectors import firm_name_key, firm_search_key
from infospots.validators import complete_vkn

from .common import BATCH, PILOT_PLATES, SAMSUN

FIRMS = 110_000
# The first 100,000 spread evenly over the five pilot provinces; the rest go
# to Samsun, as a 10,000-row import would: its staff then sees 30,000 firms.
EVEN_FIRMS = 100_000
# Services to 54 % of the firms (1-3 each: about 119,000), figures to half.
SERVED_SHARE = 0.54
FIGURES_SHARE = 0.5
FIGURES_YEAR = 2025
# A load-test firm's tax id: nine digits starting "000" (the demo's start
# with a plate, the registry load test's imports with 5).
TAX_PREFIX = "000"

WORDS = [
    "gıda",
    "tekstil",
    "mobilya",
    "metal",
    "makine",
    "otomotiv",
    "kimya",
    "plastik",
    "tarım",
    "turizm",
    "yazılım",
    "medikal",
    "ambalaj",
    "enerji",
    "inşaat",
    "lojistik",
    "halı",
    "fındık",
    "baklava",
    "çelik",
]


def firm_tax_id(n: int) -> str:
    return complete_vkn(f"{n + 1:09d}")


def loadtest_firms():
    return Firm.objects.filter(tax_id__startswith=TAX_PREFIX)


def spots_by_province() -> dict[int, InfoSpot]:
    """The pilot provinces' Info Spots (the demo's, or made here)."""
    spots = {}
    for province in Province.objects.filter(plate__in=PILOT_PLATES).order_by("plate"):
        spot = InfoSpot.objects.filter(province=province).order_by("pk").first()
        if spot is None:
            spot = InfoSpot.objects.create(
                slug=f"bench-{province.slug}",
                name=f"{province.name} bench",
                province=province,
                host_institution="bench",
            )
        spots[province.pk] = spot
    return spots


class Firms:
    name = "firms"
    unit = "firms"

    def __init__(self, count: int = FIRMS):
        self.count = count

    def missing(self) -> int:
        return max(0, self.count - loadtest_firms().count())

    def build(self, progress) -> None:
        rng = random.Random(5)  # noqa: S311 - test data
        provinces = list(Province.objects.filter(plate__in=PILOT_PLATES))
        samsun = next(p for p in provinces if p.plate == SAMSUN)
        spots = spots_by_province()
        naces = list(NaceDivision.objects.order_by("pk"))
        existing = set(loadtest_firms().values_list("tax_id", flat=True))
        for start in range(0, self.count, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, self.count)):
                # Every draw is made, skipped or not: a second run rebuilds
                # the same firms.
                province = provinces[n % len(provinces)] if n < EVEN_FIRMS else samsun
                name = f"{rng.choice(WORDS).title()} {n} San. ve Tic. Ltd. Şti."
                nace = rng.choice(naces)
                listed = rng.random() < 0.5
                tax_id = firm_tax_id(n)
                if tax_id in existing:
                    continue
                batch.append(
                    Firm(
                        legal_name=name,
                        tax_id=tax_id,
                        province=province,
                        info_spot=spots[province.pk],
                        primary_nace=nace,
                        listed_publicly=listed,
                        name_key=firm_name_key(name),
                        search_key=firm_search_key(name, "", tax_id),
                    )
                )
            Firm.objects.bulk_create(batch)
            progress.update(len(batch))


class Services:
    """1-3 services, 2024-2026, to 54 % of the load-test firms; all or none."""

    name = "services"
    unit = "firms"

    def missing(self) -> int:
        if Service.objects.filter(firm__tax_id__startswith=TAX_PREFIX).exists():
            return 0
        return loadtest_firms().count()

    @transaction.atomic
    def build(self, progress) -> None:
        rng = random.Random(6)  # noqa: S311 - test data
        spots = spots_by_province()
        batch = []
        firms = loadtest_firms().order_by("pk").values_list("pk", "province_id")
        for firm_id, province_id in firms.iterator(chunk_size=BATCH):
            progress.update(1)
            if rng.random() > SERVED_SHARE:
                continue
            batch += [
                Service(
                    firm_id=firm_id,
                    info_spot=spots[province_id],
                    kind=rng.choice(ServiceKind.values),
                    date=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1000)),
                    hours=2,
                )
                for _ in range(rng.randint(1, 3))
            ]
            if len(batch) >= BATCH:
                Service.objects.bulk_create(batch)
                batch = []
        Service.objects.bulk_create(batch)


class Figures:
    """A year of figures for half of the load-test firms; all or none."""

    name = "figures"
    unit = "firms"

    def missing(self) -> int:
        figures = AnnualFigures.objects.filter(firm__tax_id__startswith=TAX_PREFIX)
        return 0 if figures.exists() else loadtest_firms().count()

    @transaction.atomic
    def build(self, progress) -> None:
        rng = random.Random(3)  # noqa: S311 - test data
        sizes = SizeClass.values
        batch = []
        firms = loadtest_firms().order_by("pk").values_list("pk", flat=True)
        for firm_id in firms.iterator(chunk_size=BATCH):
            progress.update(1)
            if rng.random() > FIGURES_SHARE:
                continue
            batch.append(
                AnnualFigures(
                    firm_id=firm_id,
                    year=FIGURES_YEAR,
                    employees=Decimal(rng.randint(1, 300)),
                    net_sales=Decimal(rng.randint(1, 900)) * 1_000_000,
                    balance_sheet_total=Decimal(rng.randint(1, 900)) * 1_000_000,
                    size_class=rng.choice(sizes),
                )
            )
            if len(batch) >= BATCH:
                AnnualFigures.objects.bulk_create(batch)
                batch = []
        AnnualFigures.objects.bulk_create(batch)
        latest = AnnualFigures.objects.filter(firm=OuterRef("pk")).order_by("-year")
        loadtest_firms().filter(pk__in=AnnualFigures.objects.values("firm_id")).update(
            size_class=Subquery(latest.values("size_class")[:1])
        )
