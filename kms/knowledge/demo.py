"""Demo knowledge base for `manage.py seed_demo`.

Categories, tags, about fifty articles in Turkish and English (pairs linked
as translations), revisions, attachments, helpful-votes, comments, a flagged
comment, bookmarks and follows. The articles themselves are Markdown files
with a short header under kms/knowledge/data/demo_articles/ (see `load_demo_articles`).

Idempotent: categories, tags and articles are keyed by slug, the rest by its
natural key (article + user, article + file name, ...); a row that exists is
left as it is, so a second run changes nothing. Dates are relative to the
day of the first run, spread over three years.
"""

import dataclasses
import datetime as dt
import io
import random
import struct
import zlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from infospots.models import NaceSection, StaffAssignment
from kms.accounts.models import Role, User
from kms.core.text import fold

from .models import (
    Article,
    ArticleRevision,
    ArticleStatus,
    Attachment,
    Bookmark,
    Category,
    Comment,
    CommentFlag,
    Follow,
    HelpfulVote,
    Tag,
    Visibility,
)
from .services.articles import article_save
from .services.attachments import attachment_add

ARTICLES_DIR = Path(__file__).resolve().parent / "data" / "demo_articles"

# slug, Turkish name, English name, parent slug
CATEGORIES = [
    ("export-markets", "İhracat pazarları", "Export markets", None),
    ("eu-market", "AB pazarı", "EU market", "export-markets"),
    (
        "middle-east-africa",
        "Orta Doğu ve Afrika",
        "Middle East & Africa",
        "export-markets",
    ),
    ("trade-fairs", "Fuarlar ve alım heyetleri", "Trade fairs", "export-markets"),
    (
        "technology-innovation",
        "Teknoloji ve inovasyon",
        "Technology & innovation",
        None,
    ),
    (
        "grant-schemes",
        "Destek programları ve finansman",
        "Grant schemes & finance",
        None,
    ),
    ("cluster-tools", "Kümelenme araçları", "Cluster tools", None),
    ("benchmarking", "Kıyaslama", "Benchmarking", None),
    (
        "efficiency-lean",
        "Verimlilik ve yalın üretim",
        "Efficiency & lean production",
        None,
    ),
    ("digitalisation", "Dijitalleşme", "Digitalisation", None),
    ("quality-standards", "Kalite ve standartlar", "Quality & standards", None),
]

TAGS = [
    "ihracat",
    "export",
    "AB",
    "EU",
    "KOSGEB",
    "UR-GE",
    "hibe",
    "kümelenme",
    "clusters",
    "ESCA",
    "yalın üretim",
    "efficiency",
    "enerji",
    "energy",
    "verimlilik",
    "dijitalleşme",
    "digitalisation",
    "CE",
    "fuar",
    "Ar-Ge",
]

# The accounts seed_demo creates; they vote, comment and review.
DEMO_ACCOUNTS = [
    "admin@example.org",
    "manager@example.org",
    "sme@example.org",
    "sme.trabzon@example.org",
    "staff.corum@example.org",
    "staff.gaziantep@example.org",
    "staff.kahramanmaras@example.org",
    "staff.samsun@example.org",
    "staff.trabzon@example.org",
]
MANAGER_ORGANISATION = "KOBİ Ağları Projesi – Proje Yönetim Birimi"

# article slug, voter, reason: the "not helpful" answers people explained
NOT_HELPFUL = [
    (
        "kosgeb-destekleri-2026-hangi-program-kime",
        "sme.trabzon@example.org",
        "Destek üst limitleri yazmıyor; rakamları da görmek isterdim.",
    ),
    (
        "istanbul-fuarlari-takvimi-2026",
        "staff.trabzon@example.org",
        "Tarihler yok, yalnızca aylar var.",
    ),
    (
        "exporting-to-germany-documents",
        "sme@example.org",
        "Tarım makineleri için ek belgeler (makine emniyeti) daha ayrıntılı olmalı.",
    ),
    (
        "incoterms-2020-choosing-the-right-delivery-term",
        "staff.corum@example.org",
        "Would have liked a worked example with freight and insurance costs.",
    ),
]

# article slug, author, days after publication, text
COMMENTS = [
    (
        "ur-ge-programina-basvuru-adimlari",
        "sme@example.org",
        12,
        "Samsun'da tarım makineleri için bir UR-GE projesi kurulursa katılmak "
        "isteriz. İhtiyaç analizi genellikle ne kadar sürüyor?",
    ),
    (
        "ur-ge-programina-basvuru-adimlari",
        "staff.samsun@example.org",
        14,
        "Deneyimimize göre danışman seçimi dahil üç-dört ay. Firma listesi "
        "hazır olursa Bilgi Noktası olarak ilk toplantıyı birlikte planlayalım.",
    ),
    (
        "ce-isareti-nasil-alinir",
        "sme@example.org",
        30,
        "Teknik dosyadaki risk değerlendirmesi için hazır bir şablon var mı? "
        "Bizim için en zor kısım o oldu.",
    ),
    (
        "incoterms-2020-dogru-teslim-seklini-secmek",
        "sme.trabzon@example.org",
        8,
        "FOB'u konteyner yüklemelerinde kullanmamamız gerektiğini bilmiyorduk, "
        "bu yıl sözleşmelerimizi FCA'ya çevirdik. Teşekkürler.",
    ),
    (
        "esca-cluster-benchmarking-the-36-indicators",
        "staff.gaziantep@example.org",
        20,
        "Useful before our NBS data entry. Could the guide to the evidence for "
        "V2 (strategy KPIs) be shared as a template?",
    ),
    (
        "irak-pazarina-ihracat-uygunluk-belgeleri-ve-lojistik",
        "staff.kahramanmaras@example.org",
        5,
        "Kahramanmaraş'tan tekstil gönderen firmalar da aynı soruları soruyor; "
        "yazıyı onlarla paylaşıyoruz.",
    ),
    (
        "kosgeb-destekleri-2026-hangi-program-kime",
        "sme.trabzon@example.org",
        3,
        "İşbirliği-Güçbirliği programına üç firma birlikte başvurabiliyor muyuz, "
        "yoksa en az beş mi gerekiyor?",
    ),
    (
        "kalkinma-ajansi-mali-destek-basvurusu-nasil-hazirlanir",
        "sme.trabzon@example.org",
        40,
        "Bu desteklere tanıdığı olmayan giremez, başvurmak vakit kaybı! "
        "Değerlendiricilerin hepsi taraflı.",
    ),
]

# (article slug, author, first words) of a comment, who flags it, why; the
# article is a Samsun one, so Samsun staff and managers see it in their queue
FLAGS = [
    (
        (
            "kalkinma-ajansi-mali-destek-basvurusu-nasil-hazirlanir",
            "sme.trabzon@example.org",
            "Bu desteklere",
        ),
        "sme@example.org",
        "Kanıtsız bir suçlama; yazının konusuyla ilgisi yok.",
    ),
]

BOOKMARKS = {
    "sme@example.org": [
        "ur-ge-programina-basvuru-adimlari",
        "ce-isareti-nasil-alinir",
        "exporting-to-germany-documents",
    ],
    "sme.trabzon@example.org": ["incoterms-2020-dogru-teslim-seklini-secmek"],
}
FOLLOWED_CATEGORIES = {"sme@example.org": ["export-markets"]}
FOLLOWED_TAGS = {"sme@example.org": ["KOSGEB"], "sme.trabzon@example.org": ["AB"]}


@dataclasses.dataclass(frozen=True)
class DemoArticle:
    """One article file: its header fields and its Markdown body."""

    slug: str
    title: str
    summary: str
    language: str
    category: str
    tags: list[str]
    sectors: list[str]
    author: str
    body: str
    organisation: str = ""
    status: str = ArticleStatus.PUBLISHED
    visibility: str = Visibility.PUBLIC
    translation_of: str = ""
    published: int | None = None  # days ago
    updated: int | None = None  # days ago; the publication day when missing
    submitted: int | None = None  # days ago
    created: int | None = None  # days ago (drafts)
    reads: int = 0
    return_reason: str = ""
    # When set, the article was first saved without its last section, then
    # edited: two revisions to compare.
    edit_note: str = ""


_LIST_FIELDS = {"tags", "sectors"}
_INT_FIELDS = {"published", "updated", "submitted", "created", "reads"}


def load_demo_articles() -> list[DemoArticle]:
    """Read the article files: originals first, then their translations.

    A file is `key: value` header lines, a line `---`, then the body.
    """
    articles = []
    for path in sorted(ARTICLES_DIR.glob("*.md")):
        header, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        fields = {"slug": path.stem, "body": body.strip() + "\n"}
        for line in header.strip().splitlines():
            key, value = (part.strip() for part in line.split(":", 1))
            if key in _LIST_FIELDS:
                fields[key] = [item.strip() for item in value.split(",")]
            elif key in _INT_FIELDS:
                fields[key] = int(value)
            else:
                fields[key] = value
        fields.setdefault("sectors", [])
        articles.append(DemoArticle(**fields))
    return sorted(articles, key=lambda a: (bool(a.translation_of), a.slug))


def seed_knowledge_base(*, stdout=None) -> int:
    """Seed the demo knowledge base once. Returns how many articles it created.

    Needs the demo accounts, Info Spots and member firms of seed_demo.
    """
    now = timezone.now()
    categories = _seed_categories()
    tags = _seed_tags()
    users = {u.email: u for u in _demo_users()}
    specs = load_demo_articles()
    existing = set(
        Article.objects.filter(slug__in=[s.slug for s in specs]).values_list(
            "slug", flat=True
        )
    )
    sections = {s.code: s for s in NaceSection.objects.all()}
    created = []
    for spec in specs:
        if spec.slug not in existing:
            created.append(
                _create_article(spec, now, categories, tags, sections, users)
            )
    articles = {
        a.slug: a for a in Article.objects.filter(slug__in=[s.slug for s in specs])
    }
    attachments = _seed_attachments(articles)
    _seed_votes(articles, users, {a.slug for a in created})
    comments = _seed_comments(articles, users)
    _seed_member_lists(articles, categories, tags, users)
    if stdout is not None:
        stdout.write(
            f"Knowledge base: {len(articles)} articles ({len(created)} new), "
            f"{len(categories)} categories, {len(tags)} tags, "
            f"{attachments} attachments, {comments} comments."
        )
    return len(created)


def _seed_categories() -> dict[str, Category]:
    categories = {}
    for position, (slug, name_tr, name_en, parent) in enumerate(CATEGORIES):
        categories[slug], _created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_tr": name_tr,
                "name_en": name_en,
                "parent": categories[parent] if parent else None,
                "position": position,
            },
        )
    return categories


def _seed_tags() -> dict[str, Tag]:
    tags = {}
    for name in TAGS:
        tags[name], _created = Tag.objects.get_or_create(
            slug=slugify(fold(name)), defaults={"name": name}
        )
    return tags


def _demo_users():
    return User.objects.filter(email__in=DEMO_ACCOUNTS).select_related(
        "staff_assignment__info_spot", "firm_membership__firm"
    )


def _organisation(user) -> str:
    """Staff write for their Info Spot, members for their firm."""
    if user.role == Role.STAFF and hasattr(user, "staff_assignment"):
        return user.staff_assignment.info_spot.name
    if hasattr(user, "firm_membership"):
        firm = user.firm_membership.firm
        return firm.trade_name or firm.legal_name
    return MANAGER_ORGANISATION


def _reviewer(author, province, users):
    """Who published or returned it: a colleague of the author's province,
    else a manager, else an admin; never the author."""
    colleagues = StaffAssignment.objects.exclude(user=author).select_related("user")
    if province is not None:
        colleague = colleagues.filter(info_spot__province=province).first()
        if colleague is not None:
            return colleague.user
    national = [users.get("manager@example.org"), users.get("admin@example.org")]
    return next((u for u in national if u is not None and u != author), None)


def _at(now, days, hour=10):
    """A working-hours moment `days` ago, never in the future."""
    moment = timezone.localtime(now) - dt.timedelta(days=days)
    return min(moment.replace(hour=hour, minute=15, second=0, microsecond=0), now)


def _create_article(spec, now, categories, tags, sections, users) -> Article:
    """Write the article through the authoring service (which renders and
    sanitises the body, sets the author's province and keeps a revision per
    save), then date it as if it had been written and reviewed back then."""
    author = users[spec.author]
    article = Article(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        body_markdown=spec.body,
        language=spec.language,
        category=categories[spec.category],
        author=author,
        organisation=spec.organisation or _organisation(author),
        visibility=spec.visibility,
        status=spec.status,
        return_reason=spec.return_reason,
    )
    if spec.translation_of:
        article.translation_of = Article.objects.get(slug=spec.translation_of)
    saving = {
        "actor": author,
        "tags": [tags[name] for name in spec.tags],
        "sectors": [sections[code] for code in spec.sectors],
    }
    if spec.edit_note:
        # The first version lacked the last section: two revisions to compare.
        article.body_markdown = spec.body.rsplit("\n## ", 1)[0] + "\n"
        article = article_save(article=article, **saving)
        article.body_markdown = spec.body
    article = article_save(article=article, note=spec.edit_note, **saving)
    _stamp(article, spec, now, users)
    revisions = list(article.revisions.order_by("number").values_list("pk", flat=True))
    ArticleRevision.objects.filter(pk=revisions[0]).update(
        created_at=article.created_at
    )
    ArticleRevision.objects.filter(pk__in=revisions[1:]).update(
        created_at=article.updated_at
    )
    return article


def _stamp(article, spec, now, users):
    """Dates, review fields and reads as they would be after months of use."""
    fields = {"status": spec.status, "read_count": spec.reads}
    if spec.status == ArticleStatus.PUBLISHED:
        published = _at(now, spec.published)
        submitted = published - dt.timedelta(days=2, hours=3)
        fields |= {
            "created_at": submitted - dt.timedelta(days=1, hours=2),
            "submitted_at": submitted,
            "published_at": published,
            "reviewed_at": published,
            "reviewed_by": _reviewer(article.author, article.province, users),
            "updated_at": published
            if spec.updated is None
            else _at(now, spec.updated, hour=15),
        }
    elif spec.status in (ArticleStatus.SUBMITTED, ArticleStatus.RETURNED):
        submitted = _at(now, spec.submitted, hour=11)
        fields |= {
            "created_at": submitted - dt.timedelta(days=3),
            "submitted_at": submitted,
            "updated_at": submitted,
        }
        if spec.status == ArticleStatus.RETURNED:
            returned = _at(now, spec.updated, hour=16)
            fields |= {
                "reviewed_at": returned,
                "reviewed_by": _reviewer(article.author, article.province, users),
                "updated_at": returned,
            }
    else:
        fields |= {
            "created_at": _at(now, spec.created, hour=9),
            "updated_at": _at(now, spec.updated, hour=17),
        }
    Article.objects.filter(pk=article.pk).update(**fields)
    for name, value in fields.items():
        setattr(article, name, value)


# --- attachments -------------------------------------------------------------


def _attachment_files():
    """(article slug, file name, content), the files made here in code."""
    return [
        (
            "ur-ge-programina-basvuru-adimlari",
            "UR-GE_basvuru_kontrol_listesi.pdf",
            _pdf(
                "UR-GE basvuru kontrol listesi",
                [
                    "1. En az 10 firmadan katilim yazisi",
                    "2. Isbirligi kurulusunun yetki belgesi",
                    "3. Ihtiyac analizi raporu (danisman imzali)",
                    "4. Faaliyet takvimi ve butce tablosu",
                    "5. Proje koordinatorunun ozgecmisi",
                    "6. Firmalarin ihracat verileri (son 3 yil)",
                ],
            ),
        ),
        (
            "enerji-verimliligi-etutleri-kobiler-icin-rehber",
            "enerji-etudu-ornek-ozet.pdf",
            _pdf(
                "Enerji etudu - ornek yonetici ozeti",
                [
                    "Isletme: metal isleme, 2 vardiya, 85 calisan",
                    "Yillik elektrik: 1.450.000 kWh; dogalgaz: 210.000 Sm3",
                    "Basincli hava kacaklari: tahmini 18 % -> onarim, 4 ay geri donus",
                    "Kompresor hiz kontrolu (VSD): 14 % tasarruf, 2,1 yil",
                    "LED aydinlatma: 62 % aydinlatma tasarrufu, 1,6 yil",
                    "Kazan baca gazi isi geri kazanimi: 6 % gaz tasarrufu, 2,8 yil",
                ],
            ),
        ),
        (
            "esca-cluster-benchmarking-the-36-indicators",
            "nbs-indicator-overview.xlsx",
            _xlsx(
                "Indicators",
                [
                    ("Dimension", "Indicators", "Example"),
                    ("Structure", 8, "S1 Committed participants"),
                    ("Management", 6, "G1 Cluster management staff (FTE)"),
                    ("Financing", 4, "F2 Share of private financing"),
                    ("Services", 7, "V3 Service types offered out of 8"),
                    ("Cooperation", 5, "C1 Active joint projects"),
                    ("Achievements", 6, "A4 Median labour-productivity growth"),
                    ("Total", 36, ""),
                ],
            ),
        ),
        (
            "5s-ve-yalin-uretime-ilk-adim",
            "5S-denetim-formu.xlsx",
            _xlsx(
                "5S denetimi",
                [
                    ("Adım", "Soru", "Puan (0-4)"),
                    ("Ayıkla", "Alanda gereksiz malzeme var mı?", None),
                    ("Düzenle", "Her aletin yeri işaretli mi?", None),
                    ("Temizle", "Tezgâhlar vardiya sonunda temiz mi?", None),
                    ("Standartlaştır", "Görsel standartlar asılı mı?", None),
                    ("Sürdür", "Son denetimin aksiyonları kapandı mı?", None),
                ],
            ),
        ),
        (
            "calculating-oee-overall-equipment-effectiveness",
            "oee-example.png",
            _png_bars([87, 83, 97, 71]),
        ),
    ]


def _seed_attachments(articles) -> int:
    """Files added by each article's author through the attachment service,
    which checks their content against their extension."""
    for slug, name, data in _attachment_files():
        article = articles.get(slug)
        if article is None or article.attachments.filter(original_name=name).exists():
            continue
        attachment_add(
            actor=article.author, article=article, upload=ContentFile(data, name=name)
        )
    return Attachment.objects.filter(article__in=articles.values()).count()


def _pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and lines of ASCII text."""

    def literal(line):
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = [f"BT /F1 16 Tf 56 780 Td ({literal(title)}) Tj ET"]
    text += [
        f"BT /F1 11 Tf 56 {740 - 22 * index} Td ({literal(line)}) Tj ET"
        for index, line in enumerate(lines)
    ]
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _png_bars(values: list[int], width=200, height=120) -> bytes:
    """A small bar chart (values in per cent) as an RGB PNG."""
    colours = [(13, 110, 253), (25, 135, 84), (255, 193, 7), (220, 53, 69)]
    baseline = height - 10
    gap = width // (2 * len(values) + 1)
    pixels = [[(255, 255, 255)] * width for _y in range(height)]
    for index, value in enumerate(values):
        left = gap * (2 * index + 1)
        top = baseline - value * (baseline - 10) // 100
        for y in range(top, baseline):
            pixels[y][left : left + gap] = [colours[index % len(colours)]] * gap
    pixels[baseline] = [(64, 64, 64)] * width
    raw = b"".join(
        b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in pixels
    )

    def chunk(kind, data):
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _xlsx(sheet_title: str, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 40
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- votes, comments, bookmarks, follows --------------------------------------


def _seed_votes(articles, users, new_slugs):
    """Answers to "Was this helpful?" from the demo accounts, then the
    denormalised counts recounted from the votes in one UPDATE."""
    votes = [
        HelpfulVote(
            article=articles[slug], user=users[email], helpful=False, reason=reason
        )
        for slug, email, reason in NOT_HELPFUL
        if slug in articles and email in users
    ]
    voters = sorted(users.values(), key=lambda u: u.email)
    for slug in sorted(new_slugs):
        article = articles[slug]
        if article.status != ArticleStatus.PUBLISHED:
            continue
        rng = random.Random(f"votes-{slug}")  # noqa: S311 — demo data
        others = [u for u in voters if u.pk != article.author_id]
        for user in rng.sample(others, rng.randint(0, min(6, len(others)))):
            votes.append(
                HelpfulVote(article=article, user=user, helpful=rng.random() < 0.85)
            )
    # One vote per member and article: the first one stands, reruns add none.
    HelpfulVote.objects.bulk_create(votes, ignore_conflicts=True)
    Article.objects.filter(pk__in=[a.pk for a in articles.values()]).update(
        helpful_yes=_count(HelpfulVote.objects.filter(helpful=True), "article"),
        helpful_no=_count(HelpfulVote.objects.filter(helpful=False), "article"),
    )


def _count(queryset, field):
    """Rows of `queryset` pointing at the outer row, as a subquery."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def _seed_comments(articles, users) -> int:
    now = timezone.now()
    for slug, email, days, body in COMMENTS:
        article = articles.get(slug)
        if article is None or email not in users:
            continue
        comment, created = Comment.objects.get_or_create(
            article=article, author=users[email], body=body
        )
        if created and article.published_at:
            written = article.published_at + dt.timedelta(days=days, hours=5)
            Comment.objects.filter(pk=comment.pk).update(created_at=min(written, now))
    flagged = []
    for (slug, email, start), flagger, reason in FLAGS:
        comment = Comment.objects.filter(
            article__slug=slug, author__email=email, body__startswith=start
        ).first()
        if comment is None or flagger not in users:
            continue
        CommentFlag.objects.get_or_create(
            comment=comment, user=users[flagger], defaults={"reason": reason}
        )
        flagged.append(comment.pk)
    Comment.objects.filter(pk__in=flagged).update(
        flag_count=_count(CommentFlag.objects.all(), "comment")
    )
    return Comment.objects.filter(article__in=articles.values()).count()


def _seed_member_lists(articles, categories, tags, users):
    Bookmark.objects.bulk_create(
        [
            Bookmark(user=users[email], article=articles[slug])
            for email, slugs in BOOKMARKS.items()
            if email in users
            for slug in slugs
            if slug in articles
        ],
        ignore_conflicts=True,
    )
    for email, slugs in FOLLOWED_CATEGORIES.items():
        for slug in slugs:
            if email in users:
                Follow.objects.get_or_create(
                    user=users[email], category=categories[slug]
                )
    for email, names in FOLLOWED_TAGS.items():
        for name in names:
            if email in users:
                Follow.objects.get_or_create(user=users[email], tag=tags[name])
