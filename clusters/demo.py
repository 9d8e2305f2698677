"""Demo clusters for `manage.py seed_demo`.

Twelve clusters across the five pilot provinces, in every state of their
life, with a dated history from January 2024 on; organisations, member firms
from the demo registry, action plans (some completed, some not),
university-industry cooperation, grant applications and partner-search posts.

Deterministic and idempotent: clusters are matched on province and name,
organisations on their name, and every other row on its natural key
(cluster + firm, cluster + year, plan + title, post topic, post + user, ...);
a row that exists is left as it is, so a second run creates nothing. Dates are
fixed (from an anchor in January 2024) but never after the day of the run;
only the closing dates of partner-search posts count from that day.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from infospots.models import Firm, NaceDivision, NaceSection, Province
from kms.accounts.models import User
from kms.core.text import fold_key

from .models import (
    ActionPlan,
    Activity,
    ActivityKind,
    ActivityStatus,
    Cluster,
    ClusterMembership,
    ClusterStatus,
    Cooperation,
    CooperationKind,
    GrantApplication,
    GrantScheme,
    GrantStatus,
    MemberRole,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationRole,
    PartnerInterest,
    PartnerPost,
    Portfolio,
    PostKind,
    SelectionCriterion,
)
from .services import (
    candidate_scores_save,
    cluster_change_status,
    cluster_create,
    membership_add,
    membership_update,
    organisation_save,
    participation_add,
)
from .services.partners import partner_post_create
from .services.work import activity_save, cooperation_save, grant_save, plan_create

D = dt.date
ANCHOR = D(2024, 1, 15)  # the first clusters were recorded as candidates

S = ClusterStatus
A = ActivityKind
DONE, ONGOING, PLANNED, CANCELLED = (
    ActivityStatus.COMPLETED,
    ActivityStatus.ONGOING,
    ActivityStatus.PLANNED,
    ActivityStatus.CANCELLED,
)
FOUNDING, BOARD, MEMBER = MemberRole.FOUNDING, MemberRole.BOARD, MemberRole.MEMBER
COORDINATOR, PARTNER, SUPPORTER = (
    ParticipationRole.COORDINATOR,
    ParticipationRole.PARTNER,
    ParticipationRole.SUPPORTER,
)

# The demo registry's firms (infospots.demo.DEMO_FIRMS), by a short key.
FIRMS = {
    # Samsun
    "karatarim": "Karadeniz Tarım Makineleri San. ve Tic. Ltd. Şti.",
    "canik": "Canik Medikal Cihaz A.Ş.",
    "bafra": "Bafra Pirinç Gıda San. Ltd. Şti.",
    "atasoft": "Atakum Yazılım Teknolojileri A.Ş.",
    "carsamba": "Çarşamba Mobilya İmalat Ltd. Şti.",
    "samdokum": "Samsun Döküm ve Makine San. A.Ş.",
    "yesilirmak": "Yeşilırmak Tekstil Konfeksiyon Ltd. Şti.",
    # Trabzon
    "uzungol": "Uzungöl Fındık Gıda San. A.Ş.",
    "akcaabat": "Akçaabat Mobilya San. ve Tic. Ltd. Şti.",
    "ofcay": "Of Çay İşletmeleri Ltd. Şti.",
    "trabzonsoft": "Trabzon Yazılım Teknolojileri A.Ş.",
    "yomra": "Yomra Balıkçılık Su Ürünleri Ltd. Şti.",
    "sumela": "Sümela Turizm Otelcilik A.Ş.",
    "tekne": "Karadeniz Tekne İmalat San. Ltd. Şti.",
    # Gaziantep
    "antephali": "Antep Halı Tekstil San. A.Ş.",
    "ambalaj": "Şahinbey Ambalaj Plastik Ltd. Şti.",
    "nizip": "Nizip Zeytinyağı Gıda Ltd. Şti.",
    "gazimakine": "Gazi Makine Döküm San. A.Ş.",
    "ayakkabi": "Şehitkamil Ayakkabı İmalat Ltd. Şti.",
    "fistik": "Fıstık Diyarı Gıda İhracat A.Ş.",
    "oguzeli": "Oğuzeli Kimya Deterjan San. Ltd. Şti.",
    "lojistik": "Antep Lojistik Taşımacılık A.Ş.",
    # Kahramanmaraş
    "dondurma": "Maraş Dondurma Gıda A.Ş.",
    "elbistan": "Elbistan İplik Tekstil San. Ltd. Şti.",
    "biber": "Dulkadiroğlu Biber Baharat Gıda Ltd. Şti.",
    "turkoglu": "Türkoğlu Konfeksiyon San. A.Ş.",
    # Çorum
    "iskilip": "İskilip Değirmen Makine San. Ltd. Şti.",
    "corumun": "Çorum Un Gıda San. Ltd. Şti.",
    "osmancik": "Osmancık Pirinç Gıda Ltd. Şti.",
    "sungurlu": "Sungurlu Leblebi Kuruyemiş Ltd. Şti.",
}

# Names of the organisations, used below.
OMU = "Ondokuz Mayıs Üniversitesi"
GAUN = "Gaziantep Üniversitesi"
KSU = "Kahramanmaraş Sütçü İmam Üniversitesi"
HITIT = "Hitit Üniversitesi"
KTU = "Karadeniz Teknik Üniversitesi"
OKA = "Orta Karadeniz Kalkınma Ajansı (OKA)"
IKA = "İpekyolu Kalkınma Ajansı (İKA)"
DOGAKA = "Doğu Akdeniz Kalkınma Ajansı (DOĞAKA)"
DOKA = "Doğu Karadeniz Kalkınma Ajansı (DOKA)"
KOSGEB_SAMSUN = "KOSGEB Samsun İl Müdürlüğü"
KOSGEB_GAZIANTEP = "KOSGEB Gaziantep İl Müdürlüğü"
KOSGEB_KMARAS = "KOSGEB Kahramanmaraş İl Müdürlüğü"
KOSGEB_CORUM = "KOSGEB Çorum İl Müdürlüğü"
SAMSUN_TSO = "Samsun Ticaret ve Sanayi Odası"
TRABZON_TSO = "Trabzon Ticaret ve Sanayi Odası"
KMARAS_TSO = "Kahramanmaraş Ticaret ve Sanayi Odası"
CORUM_TSO = "Çorum Ticaret ve Sanayi Odası"
GSO = "Gaziantep Sanayi Odası"
GAIB = "Güneydoğu Anadolu İhracatçı Birlikleri (GAİB)"
DKIB = "Doğu Karadeniz İhracatçılar Birliği (DKİB)"
KGF = "Kredi Garanti Fonu A.Ş. (KGF)"
EXIMBANK = "Türk Eximbank"
OKTE = "Orta Karadeniz Tarım Ekipmanları A.Ş."
GGH = "Güneydoğu Gıda Holding A.Ş."

# name, type, province (None: national), website
ORGANISATIONS = [
    (OMU, OrganisationKind.UNIVERSITY, "Samsun", "https://omu.example.org"),
    (GAUN, OrganisationKind.UNIVERSITY, "Gaziantep", "https://gantep.example.org"),
    (KSU, OrganisationKind.UNIVERSITY, "Kahramanmaraş", "https://ksu.example.org"),
    (HITIT, OrganisationKind.UNIVERSITY, "Çorum", "https://hitit.example.org"),
    (KTU, OrganisationKind.UNIVERSITY, "Trabzon", "https://ktu.example.org"),
    (OKA, OrganisationKind.PUBLIC, "Samsun", "https://oka.example.org"),
    (IKA, OrganisationKind.PUBLIC, "Gaziantep", "https://ika.example.org"),
    (DOGAKA, OrganisationKind.PUBLIC, "Hatay", "https://dogaka.example.org"),
    (DOKA, OrganisationKind.PUBLIC, "Trabzon", "https://doka.example.org"),
    (KOSGEB_SAMSUN, OrganisationKind.PUBLIC, "Samsun", ""),
    (KOSGEB_GAZIANTEP, OrganisationKind.PUBLIC, "Gaziantep", ""),
    (KOSGEB_KMARAS, OrganisationKind.PUBLIC, "Kahramanmaraş", ""),
    (KOSGEB_CORUM, OrganisationKind.PUBLIC, "Çorum", ""),
    (SAMSUN_TSO, OrganisationKind.SUPPORT, "Samsun", "https://samsuntso.example.org"),
    (TRABZON_TSO, OrganisationKind.SUPPORT, "Trabzon", "https://ttso.example.org"),
    (KMARAS_TSO, OrganisationKind.SUPPORT, "Kahramanmaraş", ""),
    (CORUM_TSO, OrganisationKind.SUPPORT, "Çorum", "https://corumtso.example.org"),
    (GSO, OrganisationKind.SUPPORT, "Gaziantep", "https://gso.example.org"),
    (GAIB, OrganisationKind.SUPPORT, "Gaziantep", "https://gaib.example.org"),
    (DKIB, OrganisationKind.SUPPORT, "Trabzon", ""),
    (KGF, OrganisationKind.FINANCE, None, "https://kgf.example.org"),
    (EXIMBANK, OrganisationKind.FINANCE, None, "https://eximbank.example.org"),
    (OKTE, OrganisationKind.LARGE_COMPANY, "Samsun", ""),
    (GGH, OrganisationKind.LARGE_COMPANY, "Gaziantep", ""),
]


@dataclass(frozen=True)
class DemoPlan:
    year: int
    objectives: str
    # (type, title, starts, ends, status, outputs, participating firm keys)
    activities: tuple


@dataclass(frozen=True)
class DemoCluster:
    spot: str  # the Info Spot (province) slug
    name: str
    portfolio: str
    naces: tuple
    coordinator: str
    description: str
    website: str
    # ((status, date, reason), ...): the first is the candidate's record
    history: tuple
    # economic impact, demand, networking, factor conditions (1-5)
    scores: tuple
    rationales: tuple = ("", "", "", "")
    other_provinces: tuple = ()
    # (firm key, role, joined, left or None)
    members: tuple = ()
    # (organisation name, role, joined)
    organisations: tuple = ()
    plans: tuple = ()

    @property
    def founded_on(self):
        return next((on for status, on, _r in self.history if status == S.FORMED), None)


CLUSTERS = [
    DemoCluster(
        spot="samsun",
        name="Samsun Medikal Cihaz Kümesi",
        portfolio=Portfolio.HEALTH,
        naces=("32", "26", "22"),
        coordinator=OKA,
        description=(
            "Samsun'da tıbbi cihaz, implant ve hastane donanımı üreten firmaları "
            "bir araya getirir. Küme, AB Tıbbi Cihaz Tüzüğü'ne (MDR) uyum, ortak "
            "fuar katılımı ve hastanelerle ürün geliştirme üzerine çalışır."
        ),
        website="https://medikal.samsun.example.org",
        history=(
            (S.CANDIDATE, ANCHOR, ""),
            (S.IDENTIFIED, D(2024, 3, 4), ""),
            (S.PRIORITY, D(2024, 5, 20), ""),
            (S.FORMED, D(2024, 9, 10), ""),
            (S.ACTIVE, D(2025, 1, 20), ""),
        ),
        scores=(4, 5, 4, 4),
        members=(
            ("canik", FOUNDING, D(2024, 9, 10), None),
            ("samdokum", FOUNDING, D(2024, 9, 10), None),
            ("atasoft", MEMBER, D(2024, 11, 4), None),
            ("yesilirmak", MEMBER, D(2025, 2, 17), None),
            ("carsamba", MEMBER, D(2025, 6, 2), None),
        ),
        organisations=(
            (OKA, COORDINATOR, D(2024, 5, 20)),
            (OMU, PARTNER, D(2024, 9, 10)),
            (SAMSUN_TSO, SUPPORTER, D(2024, 9, 10)),
            (KOSGEB_SAMSUN, SUPPORTER, D(2025, 1, 20)),
            (KGF, SUPPORTER, D(2025, 6, 2)),
        ),
        plans=(
            DemoPlan(
                2025,
                "MDR uyum eksiklerini gidermek, ortak ihtiyaç analizini "
                "tamamlamak ve ilk ortak yurt dışı fuarına katılmak.",
                (
                    (
                        A.GRANT_PREPARATION,
                        "UR-GE proje başvurusunun hazırlanması",
                        D(2025, 1, 27),
                        D(2025, 2, 10),
                        DONE,
                        "Başvuru dosyası Ticaret Bakanlığına sunuldu.",
                        ("canik", "samdokum"),
                    ),
                    (
                        A.TRAINING,
                        "MDR (AB 2017/745) uyum eğitimi",
                        D(2025, 2, 18),
                        D(2025, 2, 19),
                        DONE,
                        "22 katılımcı; her firma için uyum eksikleri listesi.",
                        ("canik", "samdokum", "atasoft"),
                    ),
                    (
                        A.ASSISTANCE,
                        "Ortak ihtiyaç analizi",
                        D(2025, 3, 3),
                        D(2025, 4, 30),
                        DONE,
                        "İhtiyaç analizi raporu; UR-GE faaliyetlerinin temeli.",
                        ("canik", "samdokum", "atasoft", "yesilirmak"),
                    ),
                    (
                        A.B2B,
                        "Hastane satın alma birimleriyle ikili görüşmeler",
                        D(2025, 6, 12),
                        D(2025, 6, 12),
                        DONE,
                        "Üç hastaneyle 14 ikili görüşme, 2 deneme siparişi.",
                        ("canik", "carsamba", "yesilirmak"),
                    ),
                    (
                        A.FAIR,
                        "MEDICA 2025 (Düsseldorf) ortak stand",
                        D(2025, 11, 17),
                        D(2025, 11, 20),
                        DONE,
                        "4 firma ortak standda; 38 alıcı görüşmesi, 3 numune siparişi.",
                        ("canik", "samdokum", "yesilirmak", "atasoft"),
                    ),
                ),
            ),
            DemoPlan(
                2026,
                "Avrupa'daki medikal kümelerle işbirliği kurmak ve ortak "
                "sterilizasyon hattının fizibilitesini çıkarmak.",
                (
                    (
                        A.OTHER,
                        "Küme web sitesi ve ürün kataloğu",
                        D(2026, 2, 2),
                        D(2026, 5, 29),
                        DONE,
                        "Türkçe-İngilizce katalog ve web sitesi yayında.",
                        ("canik", "samdokum", "atasoft", "yesilirmak", "carsamba"),
                    ),
                    (
                        A.STUDY_VISIT,
                        "Tuttlingen (Almanya) medikal kümesine çalışma ziyareti",
                        D(2026, 3, 9),
                        D(2026, 3, 12),
                        DONE,
                        "Kümeler arası işbirliği niyet mektubu imzalandı.",
                        ("canik", "samdokum", "atasoft"),
                    ),
                    (
                        A.JOINT_PROJECT,
                        "Ortak sterilizasyon ve paketleme hattı fizibilitesi",
                        D(2026, 4, 1),
                        D(2026, 12, 31),
                        ONGOING,
                        "Fizibilite taslağı hazır; yatırım modeli görüşülüyor.",
                        ("canik", "samdokum", "yesilirmak"),
                    ),
                    (
                        A.TRAINING,
                        "Klinik değerlendirme ve teknik dosya atölyesi",
                        D(2026, 12, 8),
                        D(2026, 12, 9),
                        PLANNED,
                        "",
                        (),
                    ),
                ),
            ),
        ),
    ),
    DemoCluster(
        spot="samsun",
        name="Samsun Tarım Makineleri Kümesi",
        portfolio=Portfolio.ENGINEERING,
        naces=("28", "25", "24"),
        coordinator=SAMSUN_TSO,
        description=(
            "Samsun ve çevresindeki tarım makinesi üreticileri, döküm ve yazılım "
            "tedarikçileriyle birlikte ihracat pazarlarına açılıyor. Küme, fındık "
            "ve çeltik hasadı için ortak ürün geliştirme projeleri yürütür."
        ),
        website="https://tarimmakineleri.samsun.example.org",
        history=(
            (S.CANDIDATE, ANCHOR, ""),
            (S.IDENTIFIED, D(2024, 2, 20), ""),
            (S.PRIORITY, D(2024, 4, 15), ""),
            (S.FORMED, D(2024, 6, 3), ""),
            (S.ACTIVE, D(2024, 10, 1), ""),
        ),
        scores=(5, 4, 3, 4),
        other_provinces=("Çorum", "Gaziantep"),
        members=(
            ("karatarim", FOUNDING, D(2024, 6, 3), None),
            ("samdokum", FOUNDING, D(2024, 6, 3), None),
            ("iskilip", BOARD, D(2024, 9, 16), None),
            ("atasoft", MEMBER, D(2025, 3, 10), None),
            ("gazimakine", MEMBER, D(2025, 5, 5), None),
        ),
        organisations=(
            (SAMSUN_TSO, COORDINATOR, D(2024, 4, 15)),
            (OMU, PARTNER, D(2024, 6, 3)),
            (OKA, SUPPORTER, D(2024, 6, 3)),
            (OKTE, PARTNER, D(2025, 1, 13)),
            (EXIMBANK, SUPPORTER, D(2025, 3, 10)),
        ),
        plans=(
            DemoPlan(
                2025,
                "CE uyumunu tamamlamak, yeni bayi pazarlarına açılmak ve fındık "
                "harman makinesinin ortak prototipini üretmek.",
                (
                    (
                        A.TRAINING,
                        "Makine emniyeti ve CE işaretlemesi eğitimi",
                        D(2025, 2, 11),
                        D(2025, 2, 12),
                        DONE,
                        "18 katılımcı; teknik dosya şablonu firmalarla paylaşıldı.",
                        ("karatarim", "samdokum", "iskilip"),
                    ),
                    (
                        A.FAIR,
                        "Konya Tarım Fuarı ortak stand",
                        D(2025, 3, 25),
                        D(2025, 3, 29),
                        DONE,
                        "3 firma ortak standda; 120 bayi ziyareti.",
                        ("karatarim", "samdokum", "iskilip"),
                    ),
                    (
                        A.B2B,
                        "Irak ve Gürcistan alım heyetiyle ikili görüşmeler",
                        D(2025, 4, 22),
                        D(2025, 4, 22),
                        DONE,
                        "9 yabancı bayiyle 31 görüşme; 2 bayilik sözleşmesi.",
                        ("karatarim", "iskilip", "atasoft"),
                    ),
                    (
                        A.JOINT_PROJECT,
                        "Fındık harman makinesi ortak prototip projesi",
                        D(2025, 9, 1),
                        D(2026, 12, 15),
                        ONGOING,
                        "Prototip üretildi; saha denemeleri sürüyor.",
                        ("karatarim", "samdokum", "gazimakine"),
                    ),
                    (
                        A.STUDY_VISIT,
                        "Agritechnica 2025 (Hannover) ziyareti",
                        D(2025, 11, 9),
                        D(2025, 11, 15),
                        CANCELLED,
                        "Vize randevuları yetişmediği için iptal edildi.",
                        (),
                    ),
                ),
            ),
            DemoPlan(
                2026,
                "Bayi ağını dijitalleştirmek ve KOSGEB işbirliği projesiyle ortak "
                "test istasyonu kurmak.",
                (
                    (
                        A.ASSISTANCE,
                        "Dijital bayi ağı ve yedek parça kataloğu danışmanlığı",
                        D(2026, 2, 2),
                        D(2026, 4, 30),
                        DONE,
                        "Ortak yedek parça kataloğu çevrim içi yayında.",
                        ("karatarim", "samdokum", "atasoft"),
                    ),
                    (
                        A.GRANT_PREPARATION,
                        "KOSGEB İşbirliği-Güçbirliği başvurusunun hazırlanması",
                        D(2026, 9, 1),
                        D(2026, 12, 20),
                        ONGOING,
                        "Proje bütçesi ve firma taahhütleri toplanıyor.",
                        ("karatarim", "samdokum", "iskilip", "gazimakine"),
                    ),
                    (
                        A.TRAINING,
                        "Hassas tarım ve sensör teknolojileri semineri",
                        D(2026, 12, 10),
                        D(2026, 12, 10),
                        PLANNED,
                        "",
                        (),
                    ),
                ),
            ),
        ),
    ),
    DemoCluster(
        spot="gaziantep",
        name="Gaziantep Antep Fıstığı ve Gıda Kümesi",
        portfolio=Portfolio.FOOD,
        naces=("10", "46"),
        coordinator=GAIB,
        description=(
            "Antep fıstığı işleyen, baklava ve tatlı üreten, zeytinyağı ve baharat "
            "ihraç eden firmaların kümesidir. Coğrafi işaretli ürünlerin ortak "
            "markayla Körfez ve Avrupa pazarlarına ulaşmasını hedefler."
        ),
        website="https://fistik.gaziantep.example.org",
        history=(
            (S.CANDIDATE, ANCHOR, ""),
            (S.IDENTIFIED, D(2024, 2, 12), ""),
            (S.PRIORITY, D(2024, 3, 18), ""),
            (S.FORMED, D(2024, 5, 13), ""),
            (S.ACTIVE, D(2024, 9, 2), ""),
        ),
        scores=(5, 5, 4, 4),
        other_provinces=("Kahramanmaraş", "Çorum"),
        members=(
            ("fistik", FOUNDING, D(2024, 5, 13), None),
            ("nizip", FOUNDING, D(2024, 5, 13), None),
            ("ambalaj", MEMBER, D(2024, 5, 13), None),
            ("lojistik", MEMBER, D(2024, 10, 7), None),
            ("dondurma", MEMBER, D(2024, 11, 18), None),
            ("biber", MEMBER, D(2025, 2, 3), None),
            ("sungurlu", MEMBER, D(2025, 9, 15), None),
        ),
        organisations=(
            (GAIB, COORDINATOR, D(2024, 3, 18)),
            (GAUN, PARTNER, D(2024, 5, 13)),
            (IKA, SUPPORTER, D(2024, 5, 13)),
            (KOSGEB_GAZIANTEP, SUPPORTER, D(2024, 9, 2)),
            (GGH, PARTNER, D(2025, 1, 6)),
        ),
        plans=(
            DemoPlan(
                2025,
                "Gıda güvenliği sertifikalarını tamamlamak ve Körfez pazarında "
                "ortak katılımla alıcı ağı kurmak.",
                (
                    (
                        A.GRANT_PREPARATION,
                        "Kalkınma ajansı ortak laboratuvar başvurusu",
                        D(2025, 1, 13),
                        D(2025, 3, 3),
                        DONE,
                        "Başvuru İpekyolu Kalkınma Ajansına sunuldu.",
                        ("fistik", "nizip", "ambalaj"),
                    ),
                    (
                        A.TRAINING,
                        "Gıda güvenliği ve BRC/IFS sertifikasyonu eğitimi",
                        D(2025, 2, 4),
                        D(2025, 2, 6),
                        DONE,
                        "26 katılımcı; 3 firma IFS denetimine hazırlandı.",
                        ("fistik", "nizip", "dondurma", "biber"),
                    ),
                    (
                        A.FAIR,
                        "Gulfood 2025 (Dubai) ortak katılım",
                        D(2025, 2, 17),
                        D(2025, 2, 21),
                        DONE,
                        "5 firma; 60'tan fazla alıcı görüşmesi ve ön siparişler.",
                        ("fistik", "nizip", "dondurma", "biber", "ambalaj"),
                    ),
                    (
                        A.STUDY_VISIT,
                        "Bronte (İtalya) fıstık üreticileri çalışma ziyareti",
                        D(2025, 5, 19),
                        D(2025, 5, 23),
                        DONE,
                        "Kooperatif modeli ve coğrafi işaret denetimi incelendi.",
                        ("fistik", "nizip"),
                    ),
                    (
                        A.B2B,
                        "Dondurma ve tatlı üreticileriyle tedarik buluşması",
                        D(2025, 9, 25),
                        D(2025, 9, 25),
                        DONE,
                        "Yıllık fıstık tedariki için 4 çerçeve sözleşme.",
                        ("fistik", "dondurma", "lojistik", "sungurlu"),
                    ),
                ),
            ),
            DemoPlan(
                2026,
                "Coğrafi işaretli ortak ihracat ambalajını piyasaya sürmek ve "
                "Körfez alım heyetini Gaziantep'te ağırlamak.",
                (
                    (
                        A.FAIR,
                        "Gulfood 2026 (Dubai) ortak stand",
                        D(2026, 1, 26),
                        D(2026, 1, 30),
                        DONE,
                        "6 firma ortak standda; 2 yeni distribütör.",
                        ("fistik", "nizip", "dondurma", "biber", "sungurlu"),
                    ),
                    (
                        A.JOINT_PROJECT,
                        "Coğrafi işaretli ortak ihracat ambalajı",
                        D(2026, 3, 2),
                        D(2026, 12, 18),
                        ONGOING,
                        "Ambalaj tasarımı onaylandı; baskı denemeleri sürüyor.",
                        ("fistik", "ambalaj", "nizip"),
                    ),
                    (
                        A.OTHER,
                        "Hasat sonu değerlendirme toplantısı",
                        D(2026, 10, 5),
                        D(2026, 10, 5),
                        DONE,
                        "2027 eylem planı için öncelikler belirlendi.",
                        ("fistik", "nizip", "ambalaj", "lojistik", "dondurma"),
                    ),
                    (
                        A.B2B,
                        "Körfez ülkeleri alım heyeti",
                        D(2026, 12, 3),
                        D(2026, 12, 4),
                        PLANNED,
                        "",
                        (),
                    ),
                ),
            ),
        ),
    ),
    DemoCluster(
        spot="gaziantep",
        name="Gaziantep Halı ve Tekstil Tasarım Kümesi",
        portfolio=Portfolio.CREATIVE,
        naces=("13", "14", "15"),
        coordinator=GSO,
        description=(
            "Makine halısı, ev tekstili ve ayakkabı üreticilerinin tasarım ve "
            "marka odaklı kümesidir. Ortak tasarım ofisi ve tasarım tescili ile "
            "katma değeri yüksek ürünlere geçişi destekler."
        ),
        website="https://tasarim.gaziantep.example.org",
        history=(
            (S.CANDIDATE, D(2024, 6, 3), ""),
            (S.IDENTIFIED, D(2024, 9, 16), ""),
            (S.PRIORITY, D(2025, 1, 13), ""),
            (S.FORMED, D(2025, 6, 2), ""),
        ),
        scores=(4, 4, 3, 4),
        other_provinces=("Kahramanmaraş",),
        members=(
            ("antephali", FOUNDING, D(2025, 6, 2), None),
            ("ayakkabi", FOUNDING, D(2025, 6, 2), None),
            ("elbistan", MEMBER, D(2025, 6, 2), None),
            ("oguzeli", MEMBER, D(2025, 9, 8), None),
            ("turkoglu", MEMBER, D(2025, 10, 13), None),
        ),
        organisations=(
            (GSO, COORDINATOR, D(2025, 1, 13)),
            (GAUN, PARTNER, D(2025, 6, 2)),
            (IKA, SUPPORTER, D(2025, 6, 2)),
            (GAIB, SUPPORTER, D(2025, 6, 2)),
        ),
        plans=(
            DemoPlan(
                2026,
                "Ortak tasarım ofisinin ihtiyaçlarını belirlemek ve üyelerin "
                "tasarımlarını tescil ettirmek.",
                (
                    (
                        A.TRAINING,
                        "Tasarım tescili ve marka koruma eğitimi",
                        D(2026, 2, 17),
                        D(2026, 2, 17),
                        DONE,
                        "19 katılımcı; 42 tasarım tescil başvurusu hazırlandı.",
                        ("antephali", "ayakkabi", "turkoglu"),
                    ),
                    (
                        A.ASSISTANCE,
                        "Ortak tasarım ofisi ihtiyaç analizi",
                        D(2026, 3, 2),
                        D(2026, 5, 29),
                        DONE,
                        "İhtiyaç analizi raporu ve ofis iş planı taslağı.",
                        ("antephali", "ayakkabi", "elbistan", "oguzeli"),
                    ),
                    (
                        A.B2B,
                        "Avrupa perakende zincirleriyle çevrim içi görüşmeler",
                        D(2026, 6, 16),
                        D(2026, 6, 16),
                        CANCELLED,
                        "Alıcı tarafı tarih değişikliği istedi; 2027'ye kaldı.",
                        (),
                    ),
                    (
                        A.FAIR,
                        "Heimtextil 2027 katılım hazırlığı",
                        D(2026, 12, 7),
                        D(2026, 12, 18),
                        PLANNED,
                        "",
                        (),
                    ),
                ),
            ),
        ),
    ),
    DemoCluster(
        spot="gaziantep",
        name="Gaziantep Ambalaj ve Plastik Kümesi",
        portfolio=Portfolio.MATERIALS,
        naces=("22", "20", "17"),
        coordinator=GSO,
        description=(
            "Gıda ve tekstil ihracatçılarına ambalaj üreten plastik ve karton "
            "firmalarının aday kümesidir. Geri dönüştürülmüş hammadde ve AB "
            "ambalaj yönetmeliğine uyum ortak ihtiyaç olarak öne çıkıyor."
        ),
        website="",
        history=((S.CANDIDATE, D(2026, 2, 9), ""),),
        scores=(4, 4, 2, 3),
        rationales=(
            "İlde 140'tan fazla ambalaj firması; gıda ihracatına doğrudan girdi.",
            "Firmalar AB ambalaj yönetmeliği için ortak çözüm arıyor.",
            "Firmalar arasında ortak proje deneyimi henüz yok.",
            "OSB'de hammadde tedariki güçlü; nitelikli teknik eleman sınırlı.",
        ),
    ),
    DemoCluster(
        spot="kahramanmaras",
        name="Kahramanmaraş Tekstil Kümesi",
        portfolio=Portfolio.ENGINEERING,
        naces=("13", "14"),
        coordinator=KMARAS_TSO,
        description=(
            "İplik, dokuma ve konfeksiyon firmalarının üretim ve mühendislik "
            "odaklı kümesidir. 2023 depremlerinden sonra iş sürekliliği, enerji "
            "verimliliği ve ortak test laboratuvarı öncelikli konulardır."
        ),
        website="https://tekstil.kahramanmaras.example.org",
        history=(
            (S.CANDIDATE, ANCHOR, ""),
            (S.IDENTIFIED, D(2024, 3, 11), ""),
            (S.PRIORITY, D(2024, 4, 22), ""),
            (S.FORMED, D(2024, 7, 1), ""),
            (S.ACTIVE, D(2025, 2, 3), ""),
        ),
        scores=(5, 4, 4, 3),
        other_provinces=("Gaziantep",),
        members=(
            ("elbistan", FOUNDING, D(2024, 7, 1), None),
            ("turkoglu", FOUNDING, D(2024, 7, 1), None),
            ("antephali", MEMBER, D(2024, 10, 14), None),
            ("oguzeli", MEMBER, D(2024, 10, 14), D(2025, 8, 29)),
            ("ayakkabi", MEMBER, D(2025, 4, 7), None),
        ),
        organisations=(
            (KMARAS_TSO, COORDINATOR, D(2024, 4, 22)),
            (KSU, PARTNER, D(2024, 7, 1)),
            (DOGAKA, SUPPORTER, D(2024, 7, 1)),
            (KOSGEB_KMARAS, SUPPORTER, D(2025, 2, 3)),
            (KGF, SUPPORTER, D(2025, 2, 3)),
        ),
        plans=(
            DemoPlan(
                2025,
                "Depremden etkilenen üretimi güçlendirmek, enerji maliyetlerini "
                "düşürmek ve ortak test laboratuvarı için destek almak.",
                (
                    (
                        A.GRANT_PREPARATION,
                        "KOSGEB ortak test laboratuvarı başvurusu",
                        D(2025, 2, 10),
                        D(2025, 4, 1),
                        DONE,
                        "Başvuru KOSGEB'e sunuldu.",
                        ("elbistan", "turkoglu"),
                    ),
                    (
                        A.TRAINING,
                        "İş sürekliliği ve afet risk yönetimi eğitimi",
                        D(2025, 3, 11),
                        D(2025, 3, 12),
                        DONE,
                        "24 katılımcı; 4 firma iş sürekliliği planı hazırladı.",
                        ("elbistan", "turkoglu", "antephali", "oguzeli"),
                    ),
                    (
                        A.ASSISTANCE,
                        "Enerji verimliliği etütleri (iplik ve dokuma)",
                        D(2025, 4, 1),
                        D(2025, 6, 30),
                        DONE,
                        "3 etüt raporu; yıllık %12 enerji tasarrufu potansiyeli.",
                        ("elbistan", "turkoglu", "antephali"),
                    ),
                    (
                        A.FAIR,
                        "Texhibition İstanbul ortak stand",
                        D(2025, 9, 10),
                        D(2025, 9, 12),
                        DONE,
                        "3 firma; 45 alıcı görüşmesi.",
                        ("elbistan", "turkoglu", "antephali"),
                    ),
                    (
                        A.B2B,
                        "Hazır giyim markalarıyla tedarikçi buluşması",
                        D(2025, 11, 20),
                        D(2025, 11, 20),
                        DONE,
                        "2 markayla numune süreci başladı.",
                        ("turkoglu", "elbistan", "ayakkabi"),
                    ),
                ),
            ),
            DemoPlan(
                2026,
                "Ortak kumaş test laboratuvarını kurmak ve AB sürdürülebilirlik "
                "kurallarına hazırlanmak.",
                (
                    (
                        A.JOINT_PROJECT,
                        "Ortak kumaş test laboratuvarının kurulması",
                        D(2026, 1, 5),
                        D(2026, 12, 31),
                        ONGOING,
                        "Cihazlar alındı; akreditasyon başvurusu hazırlanıyor.",
                        ("elbistan", "turkoglu", "antephali"),
                    ),
                    (
                        A.TRAINING,
                        "Sürdürülebilirlik raporlaması (AB CSRD/ESPR) eğitimi",
                        D(2026, 4, 14),
                        D(2026, 4, 14),
                        DONE,
                        "21 katılımcı; karbon ayak izi hesap tablosu paylaşıldı.",
                        ("elbistan", "turkoglu", "antephali", "ayakkabi"),
                    ),
                    (
                        A.STUDY_VISIT,
                        "Prato (İtalya) tekstil kümesi ziyareti",
                        D(2026, 12, 7),
                        D(2026, 12, 10),
                        PLANNED,
                        "",
                        (),
                    ),
                ),
            ),
        ),
    ),
    DemoCluster(
        spot="kahramanmaras",
        name="Kahramanmaraş Metal Mutfak Eşyaları Kümesi",
        portfolio=Portfolio.ENGINEERING,
        naces=("25", "27"),
        coordinator=KMARAS_TSO,
        description=(
            "Çelik ve alüminyum mutfak eşyası, tencere ve endüstriyel mutfak "
            "ekipmanı üreten firmalardan oluşur. Küme, ortak hammadde alımı ve "
            "Orta Doğu pazarına ortak satış üzerinde çalışmaya hazırlanıyor."
        ),
        website="",
        history=(
            (S.CANDIDATE, D(2025, 3, 3), ""),
            (S.IDENTIFIED, D(2025, 10, 6), ""),
        ),
        scores=(3, 4, 2, 3),
        rationales=(
            "Firmalar küçük ölçekli; ilin imalat istihdamında payı sınırlı.",
            "Ortak hammadde alımına ilgi yüksek.",
            "Firmalar arası güven zayıf; ortak iş deneyimi yok.",
            "Metal işleme becerisi var; enerji maliyetleri yüksek.",
        ),
    ),
    DemoCluster(
        spot="corum",
        name="Çorum Değirmen Makineleri Kümesi",
        portfolio=Portfolio.ENGINEERING,
        naces=("28", "25", "10"),
        coordinator=CORUM_TSO,
        description=(
            "Un, bulgur ve pirinç değirmeni makineleri üreticileri ile bu "
            "makineleri kullanan gıda firmalarının kümesidir. Orta Asya ve "
            "Afrika'ya anahtar teslim değirmen ihracatını büyütmeyi hedefler."
        ),
        website="https://degirmen.corum.example.org",
        history=(
            (S.CANDIDATE, ANCHOR, ""),
            (S.IDENTIFIED, D(2024, 2, 26), ""),
            (S.PRIORITY, D(2024, 6, 10), ""),
            (S.FORMED, D(2024, 11, 4), ""),
            (S.ACTIVE, D(2025, 4, 7), ""),
        ),
        scores=(4, 4, 3, 4),
        other_provinces=("Samsun",),
        members=(
            ("iskilip", FOUNDING, D(2024, 11, 4), None),
            ("corumun", FOUNDING, D(2024, 11, 4), None),
            ("osmancik", MEMBER, D(2024, 11, 4), None),
            ("karatarim", MEMBER, D(2025, 4, 7), None),
            ("samdokum", MEMBER, D(2025, 4, 7), None),
            ("sungurlu", MEMBER, D(2025, 10, 6), None),
        ),
        organisations=(
            (CORUM_TSO, COORDINATOR, D(2024, 6, 10)),
            (HITIT, PARTNER, D(2024, 11, 4)),
            (OKA, SUPPORTER, D(2024, 11, 4)),
            (KOSGEB_CORUM, SUPPORTER, D(2025, 4, 7)),
        ),
        plans=(
            DemoPlan(
                2025,
                "Hijyenik tasarımla ürünleri yenilemek ve Orta Asya'da yeni "
                "müşterilere ulaşmak.",
                (
                    (
                        A.TRAINING,
                        "Gıda makinelerinde hijyenik tasarım eğitimi",
                        D(2025, 5, 13),
                        D(2025, 5, 13),
                        DONE,
                        "16 katılımcı; EHEDG kontrol listesi uyarlandı.",
                        ("iskilip", "corumun", "osmancik"),
                    ),
                    (
                        A.FAIR,
                        "Hububat ve değirmen teknolojileri fuarı ortak stand",
                        D(2025, 5, 22),
                        D(2025, 5, 25),
                        DONE,
                        "3 firma; 27 alıcı görüşmesi.",
                        ("iskilip", "samdokum", "karatarim"),
                    ),
                    (
                        A.ASSISTANCE,
                        "Yedek parça stok yönetimi danışmanlığı",
                        D(2025, 6, 2),
                        D(2025, 8, 29),
                        DONE,
                        "Ortak yedek parça kodlama sistemi kuruldu.",
                        ("iskilip", "samdokum"),
                    ),
                    (
                        A.B2B,
                        "Özbekistan ve Kazakistan un fabrikalarıyla görüşmeler",
                        D(2025, 9, 16),
                        D(2025, 9, 16),
                        DONE,
                        "22 görüşme; 1 anahtar teslim değirmen teklifi.",
                        ("iskilip", "corumun"),
                    ),
                    (
                        A.STUDY_VISIT,
                        "Konya değirmen makinesi üreticilerine ziyaret",
                        D(2025, 10, 14),
                        D(2025, 10, 14),
                        CANCELLED,
                        "Katılımcı sayısı yetersiz kaldığı için iptal edildi.",
                        (),
                    ),
                ),
            ),
            DemoPlan(
                2026,
                "Enerji verimli valsli değirmeni geliştirmek ve kalkınma "
                "ajansı desteğiyle ortak test tesisi kurmak.",
                (
                    (
                        A.GRANT_PREPARATION,
                        "OKA Mali Destek Programı başvurusunun hazırlanması",
                        D(2026, 1, 12),
                        D(2026, 3, 16),
                        DONE,
                        "Başvuru Orta Karadeniz Kalkınma Ajansına sunuldu.",
                        ("iskilip", "corumun", "samdokum"),
                    ),
                    (
                        A.JOINT_PROJECT,
                        "Valsli değirmende enerji verimliliği Ar-Ge projesi",
                        D(2026, 2, 2),
                        D(2026, 12, 31),
                        ONGOING,
                        "Hitit Üniversitesiyle ölçüm düzeneği kuruldu.",
                        ("iskilip", "samdokum"),
                    ),
                    (
                        A.TRAINING,
                        "PLC ve otomasyon eğitimi",
                        D(2026, 12, 14),
                        D(2026, 12, 16),
                        PLANNED,
                        "",
                        (),
                    ),
                ),
            ),
        ),
    ),
    DemoCluster(
        spot="corum",
        name="Çorum Tuğla ve Seramik Kümesi",
        portfolio=Portfolio.CONSTRUCTION,
        naces=("23", "08"),
        coordinator=CORUM_TSO,
        description=(
            "Çorum'un köklü tuğla, kiremit ve seramik üreticilerini bir araya "
            "getirecek kümedir. Deprem bölgesindeki yeniden yapılanma talebi ve "
            "enerji verimli yapı malzemeleri öncelikli konulardır."
        ),
        website="",
        history=(
            (S.CANDIDATE, D(2024, 10, 7), ""),
            (S.IDENTIFIED, D(2025, 2, 17), ""),
            (S.PRIORITY, D(2025, 9, 1), ""),
        ),
        scores=(4, 3, 3, 5),
        rationales=(
            "Türkiye tuğla üretiminin önemli bir bölümü Çorum'da.",
            "Yeniden yapılanma talebi güçlü ama dalgalı.",
            "Sektör derneği var; ortak proje sayısı az.",
            "Kil rezervi, deneyimli işgücü ve OSB altyapısı güçlü.",
        ),
        organisations=(
            (CORUM_TSO, COORDINATOR, D(2025, 9, 1)),
            (HITIT, PARTNER, D(2025, 9, 1)),
        ),
    ),
    DemoCluster(
        spot="trabzon",
        name="Doğu Karadeniz Turizm Kümesi",
        portfolio=Portfolio.TOURISM,
        naces=("55", "56", "79"),
        coordinator=DOKA,
        description=(
            "Trabzon ve çevresindeki otel, acente, yerel ürün ve yazılım "
            "firmalarının turizm kümesidir. Yayla ve gastronomi turizmini dört "
            "mevsime yaymayı ve ortak tanıtım yapmayı hedefler."
        ),
        website="https://turizm.trabzon.example.org",
        history=(
            (S.CANDIDATE, ANCHOR, ""),
            (S.IDENTIFIED, D(2024, 5, 6), ""),
            (S.PRIORITY, D(2024, 11, 11), ""),
            (S.FORMED, D(2025, 5, 19), ""),
        ),
        scores=(4, 4, 3, 3),
        other_provinces=("Rize", "Giresun"),
        members=(
            ("sumela", FOUNDING, D(2025, 5, 19), None),
            ("ofcay", FOUNDING, D(2025, 5, 19), None),
            ("trabzonsoft", MEMBER, D(2025, 5, 19), None),
            ("uzungol", MEMBER, D(2025, 8, 4), None),
            ("akcaabat", MEMBER, D(2025, 10, 6), None),
        ),
        organisations=(
            (DOKA, COORDINATOR, D(2024, 11, 11)),
            (KTU, PARTNER, D(2025, 5, 19)),
            (TRABZON_TSO, SUPPORTER, D(2025, 5, 19)),
        ),
        plans=(
            DemoPlan(
                2026,
                "Turizm sezonunu uzatmak için yayla ve gastronomi rotası "
                "oluşturmak ve ortak tanıtıma başlamak.",
                (
                    (
                        A.TRAINING,
                        "Konuk deneyimi ve dijital pazarlama eğitimi",
                        D(2026, 2, 10),
                        D(2026, 2, 11),
                        DONE,
                        "28 katılımcı; ortak sosyal medya takvimi hazırlandı.",
                        ("sumela", "ofcay", "trabzonsoft"),
                    ),
                    (
                        A.STUDY_VISIT,
                        "Tirol (Avusturya) yayla turizmi çalışma ziyareti",
                        D(2026, 5, 11),
                        D(2026, 5, 15),
                        DONE,
                        "Dağ turizmi kümesiyle deneyim paylaşımı.",
                        ("sumela", "uzungol"),
                    ),
                    (
                        A.OTHER,
                        "Yayla ve gastronomi rotası haritası",
                        D(2026, 6, 1),
                        D(2026, 12, 20),
                        ONGOING,
                        "Rota üzerindeki 40 işletme belirlendi.",
                        ("sumela", "ofcay", "uzungol", "trabzonsoft"),
                    ),
                    (
                        A.FAIR,
                        "EMITT 2027 ortak stand hazırlığı",
                        D(2026, 12, 1),
                        D(2026, 12, 22),
                        PLANNED,
                        "",
                        (),
                    ),
                ),
            ),
        ),
    ),
    DemoCluster(
        spot="trabzon",
        name="Trabzon Fındık ve Gıda Kümesi",
        portfolio=Portfolio.FOOD,
        naces=("10", "01", "11"),
        coordinator=DKIB,
        description=(
            "Fındık kırma, işleme ve çay firmalarının aday kümesidir. Ortak "
            "kalite standardı ve markalı ürün ihracatı ilk hedefler arasında."
        ),
        website="",
        history=((S.CANDIDATE, D(2026, 3, 2), ""),),
        scores=(5, 3, 3, 4),
        rationales=(
            "Dünya fındık ihracatında bölgenin payı çok yüksek.",
            "Firmalar markalı ürün için işbirliğine temkinli yaklaşıyor.",
            "İhracatçı birliği güçlü; firmalar arası ortak proje az.",
            "Hammadde bol; işleme teknolojisi yenilenmeli.",
        ),
    ),
    DemoCluster(
        spot="trabzon",
        name="Trabzon Tekne ve Balıkçılık Kümesi",
        portfolio=Portfolio.TRANSPORTATION,
        naces=("30", "03"),
        coordinator=TRABZON_TSO,
        description=(
            "Balıkçı teknesi ve yat üreten tersaneler ile su ürünleri "
            "firmalarının kümesidir. Tekne CE belgelendirmesi ve ortak soğuk "
            "hava deposu üzerinde çalıştı; 2025'ten beri faaliyetleri askıda."
        ),
        website="https://tekne.trabzon.example.org",
        history=(
            (S.CANDIDATE, ANCHOR, ""),
            (S.IDENTIFIED, D(2024, 2, 19), ""),
            (S.PRIORITY, D(2024, 3, 25), ""),
            (S.FORMED, D(2024, 5, 13), ""),
            (S.ACTIVE, D(2024, 9, 9), ""),
            (
                S.DORMANT,
                D(2025, 9, 15),
                "Lider firmanın üretime ara vermesi ve av sezonunda üyelerin "
                "katılımının düşmesi nedeniyle faaliyetler askıya alındı.",
            ),
        ),
        scores=(3, 3, 3, 3),
        members=(
            ("tekne", FOUNDING, D(2024, 5, 13), None),
            ("yomra", FOUNDING, D(2024, 5, 13), None),
            ("akcaabat", MEMBER, D(2024, 9, 9), None),
        ),
        organisations=(
            (TRABZON_TSO, COORDINATOR, D(2024, 3, 25)),
            (KTU, PARTNER, D(2024, 5, 13)),
            (DOKA, SUPPORTER, D(2024, 5, 13)),
        ),
        plans=(
            DemoPlan(
                2024,
                "Üyelerin kalite düzeyini yükseltmek ve Karadeniz'deki "
                "alıcılarla tanışmak.",
                (
                    (
                        A.TRAINING,
                        "Kompozit tekne imalatı ve kalite eğitimi",
                        D(2024, 10, 15),
                        D(2024, 10, 17),
                        DONE,
                        "14 katılımcı; kalite kontrol formları hazırlandı.",
                        ("tekne", "akcaabat"),
                    ),
                    (
                        A.B2B,
                        "Gürcistan balıkçı kooperatifleriyle görüşmeler",
                        D(2024, 11, 26),
                        D(2024, 11, 26),
                        DONE,
                        "11 görüşme; 2 tekne siparişi.",
                        ("tekne", "yomra"),
                    ),
                ),
            ),
            DemoPlan(
                2025,
                "Tekneleri CE belgesiyle AB pazarına hazırlamak ve ortak soğuk "
                "hava deposu kurmak.",
                (
                    (
                        A.ASSISTANCE,
                        "Tekne CE belgelendirmesi (2013/53/AB) danışmanlığı",
                        D(2025, 2, 3),
                        D(2025, 4, 30),
                        DONE,
                        "2 tekne modeli için teknik dosya tamamlandı.",
                        ("tekne",),
                    ),
                    (
                        A.FAIR,
                        "Boat Show Eurasia 2025 ortak stand",
                        D(2025, 2, 22),
                        D(2025, 3, 2),
                        DONE,
                        "2 firma; 17 alıcı görüşmesi.",
                        ("tekne", "akcaabat"),
                    ),
                    (
                        A.JOINT_PROJECT,
                        "Ortak soğuk hava deposu projesi",
                        D(2025, 10, 1),
                        D(2025, 12, 31),
                        PLANNED,
                        "Küme faaliyetleri askıya alındığı için başlamadı.",
                        (),
                    ),
                ),
            ),
        ),
    ),
]

# cluster, firm key, university, type, title, started, ended, value (TL), notes
COOPERATIONS = [
    (
        "Samsun Medikal Cihaz Kümesi",
        "canik",
        OMU,
        CooperationKind.JOINT_PROJECT,
        "Ortopedik implantlarda yüzey kaplama Ar-Ge projesi",
        D(2025, 3, 1),
        None,
        Decimal("850000"),
        "TÜBİTAK 1505 kapsamında; OMÜ Tıp Fakültesi ile biyouyumluluk testleri.",
    ),
    (
        "Samsun Tarım Makineleri Kümesi",
        "karatarim",
        OMU,
        CooperationKind.CONTRACT,
        "Fındık harman makinesi tarla denemeleri",
        D(2025, 4, 15),
        D(2025, 10, 31),
        Decimal("240000"),
        "OMÜ Ziraat Fakültesi deneme sonuçlarını rapor etti.",
    ),
    (
        "Gaziantep Antep Fıstığı ve Gıda Kümesi",
        "fistik",
        GAUN,
        CooperationKind.LICENCE,
        "Aflatoksin hızlı tespit yöntemi lisansı",
        D(2025, 7, 1),
        None,
        Decimal("180000"),
        "",
    ),
    (
        "Kahramanmaraş Tekstil Kümesi",
        "elbistan",
        KSU,
        CooperationKind.CONTRACT,
        "Geri dönüştürülmüş pamuk ipliği test ve analiz hizmeti",
        D(2025, 2, 17),
        D(2025, 12, 31),
        Decimal("95000"),
        "",
    ),
    (
        "Çorum Değirmen Makineleri Kümesi",
        "iskilip",
        HITIT,
        CooperationKind.JOINT_PROJECT,
        "Valsli değirmende enerji verimliliği ölçümleri",
        D(2026, 2, 2),
        None,
        None,
        "Hitit Üniversitesi Makine Mühendisliği Bölümü ile.",
    ),
    (
        "Trabzon Tekne ve Balıkçılık Kümesi",
        "tekne",
        KTU,
        CooperationKind.CONTRACT,
        "Hafif kompozit gövde tasarımı",
        D(2024, 11, 4),
        D(2025, 6, 30),
        Decimal("320000"),
        "KTÜ Gemi İnşaatı ve Deniz Bilimleri Fakültesi.",
    ),
]

# cluster, scheme code, title, status, submitted, decided, requested,
# granted, assistance hours, assistance notes
GRANTS = [
    (
        "Samsun Medikal Cihaz Kümesi",
        "ur-ge",
        "Samsun Medikal Kümesi Uluslararası Rekabetçilik Projesi",
        GrantStatus.APPROVED,
        D(2025, 2, 10),
        D(2025, 5, 20),
        Decimal("4800000"),
        Decimal("4150000"),
        Decimal("36"),
        "İhtiyaç analizinin kurgulanması, bütçe ve faaliyet takviminin "
        "hazırlanması, Bakanlık sunumuna hazırlık.",
    ),
    (
        "Samsun Tarım Makineleri Kümesi",
        "kosgeb-cooperation",
        "Tarım makineleri ortak test istasyonu",
        GrantStatus.PREPARING,
        None,
        None,
        Decimal("1800000"),
        None,
        Decimal("12"),
        "Ortaklık sözleşmesi taslağı ve bütçe kalemleri üzerinde çalışıldı.",
    ),
    (
        "Gaziantep Antep Fıstığı ve Gıda Kümesi",
        "development-agency",
        "Fıstık işlemede ortak hijyen ve analiz laboratuvarı",
        GrantStatus.REJECTED,
        D(2025, 3, 3),
        D(2025, 7, 14),
        Decimal("2500000"),
        None,
        Decimal("24"),
        "Başvuru hazırlığına destek; ret gerekçesi üyelerle değerlendirildi "
        "(sürdürülebilirlik planı yetersiz bulundu).",
    ),
    (
        "Gaziantep Antep Fıstığı ve Gıda Kümesi",
        "ur-ge",
        "Antep fıstığı ve gıda kümesi Körfez pazarı UR-GE projesi",
        GrantStatus.SUBMITTED,
        D(2026, 4, 6),
        None,
        Decimal("5200000"),
        None,
        Decimal("30"),
        "İhtiyaç analizi ve pazar araştırması raporlarının derlenmesi.",
    ),
    (
        "Kahramanmaraş Tekstil Kümesi",
        "kosgeb-cooperation",
        "Ortak kumaş test laboratuvarı",
        GrantStatus.APPROVED,
        D(2025, 4, 1),
        D(2025, 8, 11),
        Decimal("3000000"),
        Decimal("2250000"),
        Decimal("28"),
        "Laboratuvar cihaz listesi, teklif karşılaştırması ve iş planı.",
    ),
    (
        "Çorum Değirmen Makineleri Kümesi",
        "development-agency",
        "Değirmen makinelerinde ortak test ve eğitim tesisi",
        GrantStatus.SUBMITTED,
        D(2026, 3, 16),
        None,
        Decimal("1350000"),
        None,
        Decimal("18"),
        "Mali destek programı rehberine göre başvuru formu ve bütçe.",
    ),
    (
        "Doğu Karadeniz Turizm Kümesi",
        "development-agency",
        "Yayla turizmi dijital tanıtım altyapısı",
        GrantStatus.PREPARING,
        None,
        None,
        Decimal("950000"),
        None,
        Decimal("6"),
        "",
    ),
]

# cluster name or None, firm key or None, author e-mail, type, topic,
# description, NACE sections, closing day (days from today), interests:
# ((e-mail, message), ...)
PARTNER_POSTS = [
    (
        "Samsun Tarım Makineleri Kümesi",
        None,
        "staff.samsun@example.org",
        PostKind.REQUEST,
        "Fındık harman makinesi saha denemesi için üretici aranıyor",
        "Kümemizin geliştirdiği fındık harman makinesinin prototipini gelecek "
        "hasatta bahçede denemek istiyoruz. Deneme için bahçesini ve "
        "geri bildirimini paylaşacak fındık üreticileri ve işleyicileri arıyoruz.",
        ("A", "C"),
        45,
        (
            (
                "sme.trabzon@example.org",
                "Uzungöl Fındık olarak Ağustos hasadında 20 dekarlık bahçemizde "
                "deneme yapabiliriz.",
            ),
        ),
    ),
    (
        "Gaziantep Antep Fıstığı ve Gıda Kümesi",
        None,
        "staff.gaziantep@example.org",
        PostKind.REQUEST,
        "Körfez ülkelerine soğuk zincir lojistik ortağı",
        "Dondurma ve tatlı ihracatı için Gaziantep'ten Körfez ülkelerine "
        "düzenli soğuk zincir taşıması yapacak bir lojistik ortağı arıyoruz.",
        ("H", "C"),
        30,
        (),
    ),
    (
        "Kahramanmaraş Tekstil Kümesi",
        None,
        "staff.kahramanmaras@example.org",
        PostKind.OFFER,
        "Geri dönüştürülmüş pamuk ipliğinde ortak alım",
        "Üyelerimiz geri dönüştürülmüş pamuk ipliğini ortak alımla daha uygun "
        "fiyata temin ediyor. Katılmak isteyen konfeksiyon firmalarına açığız.",
        ("C",),
        60,
        (),
    ),
    (
        "Doğu Karadeniz Turizm Kümesi",
        None,
        "staff.trabzon@example.org",
        PostKind.REQUEST,
        "Gastronomi rotası için yerel ürün üreticileri",
        "Yayla ve gastronomi rotasında yer alacak peynir, bal, çay ve fındık "
        "üreticilerini arıyorduk; başvurular kapandı.",
        ("I", "C", "A"),
        -14,
        (),
    ),
    (
        None,
        "karatarim",
        "sme@example.org",
        PostKind.REQUEST,
        "Güneydoğu Anadolu'da tarım makineleri bayisi aranıyor",
        "Çapa makinesi ve fındık harman makinelerimiz için Gaziantep, "
        "Kahramanmaraş ve Şanlıurfa'da satış ve servis verecek bayiler "
        "arıyoruz.",
        ("G",),
        90,
        (),
    ),
    (
        None,
        "uzungol",
        "sme.trabzon@example.org",
        PostKind.OFFER,
        "Fındık kabuğu (biyokütle yakıt) tedariki",
        "Kırma tesisimizden çıkan fındık kabuğunu kış sezonu boyunca yakıt "
        "olarak tedarik edebiliriz; teslimat Trabzon'dan.",
        ("A", "D"),
        50,
        (
            (
                "sme@example.org",
                "Fabrikamızın ısıtması için kış sezonunda 40 ton alabiliriz.",
            ),
        ),
    ),
]


def seed_clusters(*, staff_by_province: dict, manager) -> int:
    """Create the demo clusters once. Returns how many clusters were created.

    `staff_by_province` maps an Info Spot slug to (staff user, Info Spot);
    `manager` adds the organisations and the firms of other provinces.
    Needs the demo registry (infospots.demo.seed_registry).
    """
    today = timezone.localdate()
    organisations = _seed_organisations(manager)
    firms = {
        f.legal_name: f
        for f in Firm.objects.filter(legal_name__in=FIRMS.values()).select_related(
            "province"
        )
    }
    firm_of = {key: firms.get(name) for key, name in FIRMS.items()}
    provinces = {p.name: p for p in Province.objects.all()}
    naces = {n.code: n for n in NaceDivision.objects.all()}
    criteria = list(SelectionCriterion.objects.order_by("order", "code"))
    created = 0
    clusters, staff_of = {}, {}
    for spec in CLUSTERS:
        staff, spot = staff_by_province[spec.spot]
        cluster = Cluster.objects.filter(
            province=spot.province, name_key=fold_key(spec.name)
        ).first()
        if cluster is None:
            cluster = _create_cluster(
                spec, staff, spot, organisations, provinces, naces, criteria, today
            )
            created += 1
        clusters[spec.name], staff_of[cluster.pk] = cluster, staff
        _seed_participants(spec, cluster, staff, manager, organisations, firm_of, today)
        _seed_plans(spec, cluster, staff, firm_of, today)
    _seed_cooperations(clusters, staff_of, organisations, firm_of, today)
    _seed_grants(clusters, staff_of, today)
    _seed_partner_posts(clusters, firm_of, today)
    return created


def _past(day: dt.date, today: dt.date) -> dt.date:
    return min(day, today)


def _seed_organisations(manager) -> dict:
    existing = {
        o.name_key: o
        for o in Organisation.objects.filter(
            name_key__in=[fold_key(name) for name, *_rest in ORGANISATIONS]
        )
    }
    provinces = {p.name: p for p in Province.objects.all()}
    organisations = {}
    for name, kind, province, website in ORGANISATIONS:
        organisation = existing.get(fold_key(name))
        if organisation is None:
            organisation = organisation_save(
                actor=manager,
                organisation=Organisation(
                    name=name,
                    kind=kind,
                    province=provinces.get(province) if province else None,
                    website=website,
                ),
            )
        organisations[name] = organisation
    return organisations


def _create_cluster(
    spec, staff, spot, organisations, provinces, naces, criteria, today
) -> Cluster:
    (_candidate, started, _reason), *steps = spec.history
    founded = spec.founded_on
    cluster = cluster_create(
        actor=staff,
        cluster=Cluster(
            name=spec.name,
            province=spot.province,
            portfolio=spec.portfolio,
            coordinator=organisations[spec.coordinator],
            description=spec.description,
            website=spec.website,
            founded_on=_past(founded, today) if founded else None,
        ),
        other_provinces=[provinces[name] for name in spec.other_provinces],
        naces=[naces[code] for code in spec.naces],
        on=_past(started, today),
    )
    candidate_scores_save(
        actor=staff,
        cluster=cluster,
        scores={
            criterion: (score, rationale)
            for criterion, score, rationale in zip(
                criteria, spec.scores, spec.rationales, strict=True
            )
        },
    )
    for status, on, reason in steps:
        cluster_change_status(
            actor=staff,
            cluster=cluster,
            to_status=status,
            reason=reason,
            changed_on=_past(on, today),
        )
    cluster.refresh_from_db()
    return cluster


def _actor_for(firm, cluster, staff, manager):
    """Staff add the firms of their province; a firm of a province the
    cluster reaches is added by a project manager."""
    return staff if firm.province_id == cluster.province_id else manager


def _seed_participants(spec, cluster, staff, manager, organisations, firm_of, today):
    members = {m.firm_id: m for m in ClusterMembership.objects.filter(cluster=cluster)}
    for key, role, joined, left in spec.members:
        firm = firm_of[key]
        if firm is None or firm.pk in members:
            continue
        actor = _actor_for(firm, cluster, staff, manager)
        membership = membership_add(
            actor=actor,
            cluster=cluster,
            firm=firm,
            role=role,
            joined_on=_past(joined, today),
        )
        if left is not None:
            membership_update(
                actor=actor,
                membership=membership,
                role=role,
                joined_on=membership.joined_on,
                left_on=_past(left, today),
            )
    taking_part = set(
        Participation.objects.filter(cluster=cluster).values_list(
            "organisation_id", flat=True
        )
    )
    for name, role, joined in spec.organisations:
        organisation = organisations[name]
        if organisation.pk in taking_part:
            continue
        participation_add(
            actor=staff,
            cluster=cluster,
            organisation=organisation,
            role=role,
            joined_on=_past(joined, today),
        )


def _seed_plans(spec, cluster, staff, firm_of, today):
    plans = {p.year: p for p in ActionPlan.objects.filter(cluster=cluster)}
    titles = set(
        Activity.objects.filter(plan__cluster=cluster).values_list(
            "plan__year", "title"
        )
    )
    for demo_plan in spec.plans:
        plan = plans.get(demo_plan.year)
        if plan is None:
            plan = plan_create(
                actor=staff,
                cluster=cluster,
                year=demo_plan.year,
                objectives=demo_plan.objectives,
            )
        for kind, title, starts, ends, status, outputs, keys in demo_plan.activities:
            if (demo_plan.year, title) in titles:
                continue
            if status == DONE:  # a completed activity ended by today
                starts, ends = _past(starts, today), _past(ends, today)
            activity_save(
                actor=staff,
                activity=Activity(
                    plan=plan,
                    kind=kind,
                    title=title,
                    starts_on=starts,
                    ends_on=ends,
                    status=status,
                    outputs=outputs,
                ),
                participants=[firm_of[key] for key in keys if firm_of[key]],
            )


def _seed_cooperations(clusters, staff_of, organisations, firm_of, today):
    existing = set(Cooperation.objects.values_list("cluster_id", "title"))
    for (
        cluster_name,
        key,
        university,
        kind,
        title,
        started,
        ended,
        amount,
        notes,
    ) in COOPERATIONS:
        cluster = clusters[cluster_name]
        if (cluster.pk, title) in existing or firm_of[key] is None:
            continue
        cooperation_save(
            actor=staff_of[cluster.pk],
            cooperation=Cooperation(
                cluster=cluster,
                firm=firm_of[key],
                university=organisations[university],
                kind=kind,
                title=title,
                started_on=_past(started, today),
                ended_on=_past(ended, today) if ended else None,
                amount=amount,
                notes=notes,
            ),
        )


def _seed_grants(clusters, staff_of, today):
    schemes = {s.code: s for s in GrantScheme.objects.all()}
    existing = set(GrantApplication.objects.values_list("cluster_id", "title"))
    for (
        cluster_name,
        scheme,
        title,
        status,
        submitted,
        decided,
        requested,
        granted,
        hours,
        notes,
    ) in GRANTS:
        cluster = clusters[cluster_name]
        if (cluster.pk, title) in existing:
            continue
        grant_save(
            actor=staff_of[cluster.pk],
            grant=GrantApplication(
                cluster=cluster,
                scheme=schemes[scheme],
                title=title,
                status=status,
                submitted_on=_past(submitted, today) if submitted else None,
                decided_on=_past(decided, today) if decided else None,
                amount_requested=requested,
                amount_granted=granted,
                assistance_hours=hours,
                assistance_notes=notes,
            ),
        )


def _seed_partner_posts(clusters, firm_of, today):
    emails = {post[2] for post in PARTNER_POSTS} | {
        email for post in PARTNER_POSTS for email, _message in post[8]
    }
    users = {
        u.email: u
        for u in User.objects.filter(email__in=emails).select_related(
            "firm_membership__firm"
        )
    }
    sections = {s.code: s for s in NaceSection.objects.all()}
    topics = [post[4] for post in PARTNER_POSTS]
    posts = {
        (p.cluster_id, p.firm_id, p.topic): p
        for p in PartnerPost.objects.filter(topic__in=topics)
    }
    answered = set(
        PartnerInterest.objects.filter(post__topic__in=topics).values_list(
            "post_id", "user_id"
        )
    )
    for (
        cluster_name,
        key,
        author,
        kind,
        topic,
        description,
        codes,
        closes_in,
        interests,
    ) in PARTNER_POSTS:
        cluster = clusters[cluster_name] if cluster_name else None
        firm = firm_of[key] if key else None
        if (cluster is None and firm is None) or author not in users:
            continue
        post = posts.get((cluster and cluster.pk, firm and firm.pk, topic))
        if post is None:
            post = partner_post_create(
                actor=users[author],
                post=PartnerPost(
                    kind=kind,
                    topic=topic,
                    description=description,
                    expires_on=today + dt.timedelta(days=max(closes_in, 1)),
                    cluster=cluster,
                    firm=firm,
                ),
                sectors=[sections[code] for code in codes],
            )
            if closes_in < 1:
                # A post that closed before today: posted back then, as if.
                post.expires_on = today + dt.timedelta(days=closes_in)
                PartnerPost.objects.filter(pk=post.pk).update(
                    expires_on=post.expires_on
                )
        for email, message in interests:
            user = users.get(email)
            if user is None or (post.pk, user.pk) in answered:
                continue
            membership = getattr(user, "firm_membership", None)
            # Not partner_interest_express: it e-mails the poster, and seeding
            # a demo sends no e-mail. (The demo's answers are to open posts,
            # from outside the poster's side, as that service requires.)
            interest = PartnerInterest(
                post=post,
                user=user,
                firm=membership.firm if membership else None,
                message=message,
            )
            interest.full_clean()
            interest.save()
