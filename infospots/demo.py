"""Demo registry for `manage.py seed_demo`: firms, figures, services, contacts.

Deterministic (a fixed random seed) and idempotent: firms are matched on
their tax id, and a firm that exists is left as it is.
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from kms.core.text import fold

from .contacts import consent_record, contact_save
from .models import (
    ConsentAction,
    ConsentChannel,
    Contact,
    Firm,
    FirmMembership,
    InformationNotice,
    NaceDivision,
    Service,
    ServiceKind,
)
from .services import annual_figures_save, firm_register, service_record
from .validators import complete_vkn

# province slug -> districts, then (legal name, trade name, NACE division)
DEMO_FIRMS = {
    "samsun": (
        ["İlkadım", "Atakum", "Canik", "Bafra", "Çarşamba"],
        [
            ("Karadeniz Tarım Makineleri San. ve Tic. Ltd. Şti.", "Karatarım", "28"),
            ("Canik Medikal Cihaz A.Ş.", "Canik Medikal", "32"),
            ("Bafra Pirinç Gıda San. Ltd. Şti.", "Bafra Pirinç", "10"),
            ("Atakum Yazılım Teknolojileri A.Ş.", "AtaSoft", "62"),
            ("Çarşamba Mobilya İmalat Ltd. Şti.", "", "31"),
            ("Samsun Döküm ve Makine San. A.Ş.", "SamDöküm", "24"),
            ("Yeşilırmak Tekstil Konfeksiyon Ltd. Şti.", "", "14"),
            ("Kızılırmak Süt Ürünleri Gıda A.Ş.", "Kızılırmak Süt", "10"),
        ],
    ),
    "trabzon": (
        ["Ortahisar", "Akçaabat", "Of", "Yomra"],
        [
            ("Uzungöl Fındık Gıda San. A.Ş.", "Uzungöl Fındık", "10"),
            ("Akçaabat Mobilya San. ve Tic. Ltd. Şti.", "", "31"),
            ("Of Çay İşletmeleri Ltd. Şti.", "Of Çay", "11"),
            ("Trabzon Yazılım Teknolojileri A.Ş.", "TrabzonSoft", "62"),
            ("Yomra Balıkçılık Su Ürünleri Ltd. Şti.", "", "03"),
            ("Sümela Turizm Otelcilik A.Ş.", "Sümela Otel", "55"),
            ("Karadeniz Tekne İmalat San. Ltd. Şti.", "", "30"),
        ],
    ),
    "gaziantep": (
        ["Şahinbey", "Şehitkamil", "Nizip", "Oğuzeli"],
        [
            ("Antep Halı Tekstil San. A.Ş.", "Antep Halı", "13"),
            ("Şahinbey Ambalaj Plastik Ltd. Şti.", "", "22"),
            ("Nizip Zeytinyağı Gıda Ltd. Şti.", "Nizip Zeytin", "10"),
            ("Gazi Makine Döküm San. A.Ş.", "Gazi Makine", "25"),
            ("Şehitkamil Ayakkabı İmalat Ltd. Şti.", "", "15"),
            ("Fıstık Diyarı Gıda İhracat A.Ş.", "Fıstık Diyarı", "10"),
            ("Oğuzeli Kimya Deterjan San. Ltd. Şti.", "", "20"),
            ("Antep Lojistik Taşımacılık A.Ş.", "", "52"),
        ],
    ),
    "kahramanmaras": (
        ["Onikişubat", "Dulkadiroğlu", "Elbistan", "Türkoğlu"],
        [
            ("Maraş Dondurma Gıda A.Ş.", "Maraş Dondurma", "10"),
            ("Elbistan İplik Tekstil San. Ltd. Şti.", "", "13"),
            ("Onikişubat Metal Mutfak Eşyaları Ltd. Şti.", "", "25"),
            ("Dulkadiroğlu Biber Baharat Gıda Ltd. Şti.", "Maraş Biberi", "10"),
            ("Türkoğlu Konfeksiyon San. A.Ş.", "", "14"),
            ("Ahır Dağı Mermer Madencilik Ltd. Şti.", "", "08"),
        ],
    ),
    "corum": (
        ["Merkez", "İskilip", "Osmancık", "Sungurlu"],
        [
            ("Hitit Seramik Tuğla San. A.Ş.", "Hitit Seramik", "23"),
            ("Çorum Un Gıda San. Ltd. Şti.", "Çorum Un", "10"),
            ("İskilip Değirmen Makine San. Ltd. Şti.", "", "28"),
            ("Osmancık Pirinç Gıda Ltd. Şti.", "Osmancık Pirinç", "10"),
            ("Sungurlu Leblebi Kuruyemiş Ltd. Şti.", "Sungurlu Leblebi", "10"),
            ("Alacahöyük Turizm Seyahat A.Ş.", "", "79"),
        ],
    ),
}

CONTACT_NAMES = [
    ("Ahmet Yılmaz", "Genel Müdür"),
    ("Elif Kaya", "Dış Ticaret Sorumlusu"),
    ("Mustafa Demir", "Üretim Müdürü"),
    ("Zeynep Şahin", "Muhasebe Müdürü"),
    ("Hasan Çelik", "Kurucu Ortak"),
    ("Fatma Aydın", "İnsan Kaynakları Uzmanı"),
    ("Emre Öztürk", "Satış Müdürü"),
    ("Ayşe Arslan", "Kalite Sorumlusu"),
]

NOTICE_TEXT = (
    "Kişisel verileriniz, 6698 sayılı Kişisel Verilerin Korunması Kanunu "
    "uyarınca, KOBİ Ağları Projesi kapsamında size bilgi, eğitim ve destek "
    "hizmeti sunmak amacıyla Küme Bilgi Noktası tarafından işlenmektedir."
)


def seed_registry(*, staff_by_province: dict, members: dict) -> int:
    """Create the demo firms once. Returns how many firms were created.

    `staff_by_province` maps a province slug to (staff user, Info Spot);
    `members` maps a province slug to the SME member linked to its first firm.
    """
    rng = random.Random(2026)  # noqa: S311 — demo data, not security
    notice, _created = InformationNotice.objects.get_or_create(
        version="2024-1",
        defaults={"title": "KVKK Aydınlatma Metni", "text": NOTICE_TEXT},
    )
    naces = {n.code: n for n in NaceDivision.objects.all()}
    created = 0
    serial = 0
    for slug, (districts, firms) in DEMO_FIRMS.items():
        staff, spot = staff_by_province[slug]
        for index, (legal_name, trade_name, nace) in enumerate(firms):
            serial += 1
            tax_id = complete_vkn(f"{int(spot.province.plate):02d}{serial:07d}")
            firm = Firm.objects.filter(tax_id=tax_id).first()
            if firm is None:
                firm = _create_firm(
                    rng,
                    staff,
                    spot,
                    legal_name,
                    trade_name,
                    naces[nace],
                    districts,
                    tax_id,
                    notice,
                )
                created += 1
                if index == 3:
                    # One person per province has since withdrawn consent.
                    consent_record(
                        actor=staff,
                        contact=firm.contacts.order_by("pk").first(),
                        notice=notice,
                        action=ConsentAction.WITHDRAWN,
                        channel=ConsentChannel.EMAIL,
                    )
            if index == 0 and slug in members:
                FirmMembership.objects.get_or_create(
                    user=members[slug], defaults={"firm": firm}
                )
    return created


def _create_firm(
    rng, staff, spot, legal_name, trade_name, nace, districts, tax_id, notice
):
    firm = firm_register(
        actor=staff,
        firm=Firm(
            legal_name=legal_name,
            trade_name=trade_name,
            tax_id=tax_id,
            primary_nace=nace,
            province=spot.province,
            district=rng.choice(districts),
            address=f"{rng.choice(districts)} OSB {rng.randint(1, 40)}. Cadde No:"
            f"{rng.randint(1, 90)}, {spot.province.name}",
            founded_year=rng.randint(1978, 2021),
            exports=rng.random() < 0.5,
            info_spot=spot,
            listed_publicly=rng.random() < 0.7,
        ),
    )
    # Registered over 2023, before the clusters' histories (from January
    # 2024) and the services (the last 600 days) begin. The day comes from
    # the tax id, so the demo's other random choices stay as they were.
    registered = dt.datetime(2023, 1, 2, 6, tzinfo=dt.UTC) + dt.timedelta(
        days=int(tax_id) % 360, minutes=int(tax_id) % 480
    )
    Firm.objects.filter(pk=firm.pk).update(created_at=registered)
    if firm.exports:
        firm.export_markets = rng.choice(
            ["Almanya, Irak", "Rusya, Gürcistan", "Irak, Suriye, Libya", "Hollanda"]
        )
        firm.save(update_fields=["export_markets"])
    employees = Decimal(rng.choice([3, 6, 8, 14, 22, 38, 45, 60, 95, 140, 210, 320]))
    sales = employees * Decimal(rng.randint(300_000, 1_400_000))
    for year, growth in ((2024, Decimal("1")), (2025, Decimal("1.35"))):
        annual_figures_save(
            actor=staff,
            firm=firm,
            year=year,
            employees=employees,
            net_sales=(sales * growth).quantize(Decimal("1")),
            balance_sheet_total=(sales * growth * Decimal("0.7")).quantize(
                Decimal("1")
            ),
        )
    today = timezone.localdate()
    for _service in range(rng.choice([0, 1, 2, 3, 5])):
        service = service_record(
            actor=staff,
            service=Service(
                firm=firm,
                info_spot=spot,
                kind=rng.choice(ServiceKind.values),
                date=today - dt.timedelta(days=rng.randint(5, 600)),
                hours=Decimal(rng.choice([1, 2, 3, 4, 8, 16])),
                notes="",
            ),
        )
        # Recorded on the evening of the day it was given.
        Service.objects.filter(pk=service.pk).update(
            created_at=dt.datetime.combine(
                service.date, dt.time(17), tzinfo=timezone.get_current_timezone()
            )
        )
    for name, position in rng.sample(CONTACT_NAMES, rng.choice([1, 2])):
        contact = contact_save(
            actor=staff,
            contact=Contact(
                firm=firm,
                full_name=name,
                position=position,
                phone=f"+90 5{rng.randint(30, 55)} {rng.randint(100, 999)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                email=f"{fold(name.split()[0])}@example.org",
            ),
        )
        consent_record(
            actor=staff,
            contact=contact,
            notice=notice,
            action=ConsentAction.GIVEN,
            channel=rng.choice(ConsentChannel.values),
        )
    # The firm's history (registration, figures) dates from its registration.
    Firm.history.filter(id=firm.pk).update(history_date=registered)
    return firm
