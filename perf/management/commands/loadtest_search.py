"""Benchmark of the knowledge base's list and search on PostgreSQL.

Creates N articles (100,000 by default) in bulk, indexes them set-based,
prints EXPLAIN (ANALYZE) of the search queries and the p50 time of the list
and search pages. Run it against a throwaway database, e.g.

    createdb -h 127.0.0.1 -U postgres kms_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kms_bench DEBUG=true
    python manage.py migrate && python manage.py loadtest_search

docs/loadtests/search.md keeps a measured run.
"""

import datetime as dt
import itertools
import random
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from infospots.models import NaceSection
from kms.accounts.models import Role, User
from kms.knowledge.models import Article, Category, Tag
from kms.knowledge.search import NEWEST, POOL_SIZE, matching, reindex_articles, search
from kms.knowledge.selectors.search import articles_for_list
from perf.timing import bench_client, explain, require_postgresql, time_page

# Topic words: each article takes a few, so that a word is found in a few
# per cent of the articles, as in a real knowledge base; "ihracat" and
# "export" are picked more often (the portal's main topic).
_TURKISH = (
    "ihracat pazar kümelenme verimlilik kıyaslama hibe destek firma üretim "
    "teknoloji yenilik işbirliği tedarik zinciri lojistik gümrük fuar müşteri "
    "kalite standart belge sertifika enerji tasarruf maliyet yatırım kredi "
    "finansman teşvik ajans bakanlık program proje başvuru eğitim danışmanlık "
    "analiz rapor strateji dijital dönüşüm e-ticaret pazarlama marka tasarım "
    "ambalaj gıda tekstil mobilya metal makine otomotiv kimya plastik tarım "
    "turizm yazılım ar-ge üniversite sanayi odası birlik ağ ortaklık istihdam "
    "nitelik beceri verim ölçüm gösterge hedef başarı sürdürülebilir yeşil "
    "karbon atık su iklim risk sigorta döviz kur fiyat rekabet küresel bölgesel "
    "yerel Samsun Trabzon Çorum Gaziantep Kahramanmaraş İstanbul Avrupa Asya "
    "Afrika Orta Doğu Irak Almanya Rusya ışık ısı işçi ılık"
)
TURKISH = _TURKISH.split()
_ENGLISH = (
    "export market cluster efficiency benchmarking grant support company "
    "production technology innovation cooperation supply chain logistics "
    "customs fair customer quality standard certificate energy saving cost "
    "investment credit finance incentive agency ministry programme project "
    "application training consulting analysis report strategy digital "
    "transformation marketing brand design packaging food textile furniture "
    "machinery automotive chemicals plastics agriculture tourism software "
    "research university industry chamber network partnership employment "
    "skills productivity measurement indicator target sustainable green "
    "carbon waste water climate risk insurance exchange price competition "
    "global regional local Europe Asia Africa Istanbul"
)
ENGLISH = _ENGLISH.split()
_SYLLABLES = (
    "ka le mi no su ta ra be di gö şe çı ya lu ne ve ri ol an er in ük "
    "ım ba de ge ha ke ma pa sa te za bo co fa lo mo po ro to"
)
SYLLABLES = _SYLLABLES.split()
FILLER_WORDS = 4000
TOPIC_SHARE = 0.3
TITLE_PATTERNS_TR = [
    "{a} ve {b} rehberi",
    "KOBİ'ler için {a}",
    "{a} ile {b} nasıl artar?",
    "{A} alanında yeni {b} fırsatları",
    "{a}: {b} ve {c}",
]
TITLE_PATTERNS_EN = [
    "A guide to {a} and {b}",
    "{A} for SMEs",
    "How {a} improves {b}",
    "New {b} opportunities in {a}",
    "{A}: {b} and {c}",
]
QUERIES = [
    "ihracat",
    "İHRACAT",
    "kümelenme verimlilik",
    "kumelenme",
    "verimlilk",
    "benchmarking",
    "ışık",
    "Gaziantep ihracat fuar",
]


class Command(BaseCommand):
    help = (
        "Create N articles on PostgreSQL, index them set-based, print EXPLAIN "
        "(ANALYZE) of the search and the p50 of the list and search pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure the articles already there instead of creating more.",
        )
        parser.add_argument("--seed", type=int, default=4)
        parser.add_argument(
            "--runs", type=int, default=30, help="Timed requests per page and user."
        )

    def handle(self, *args, articles, reuse, seed, runs, **options):
        require_postgresql()
        existing = Article.objects.count()
        if not reuse:
            if existing:
                raise CommandError(
                    f"The database already holds {existing} articles; use a "
                    "throwaway database, or --reuse to measure them."
                )
            self.create(articles, random.Random(seed))  # noqa: S311 - test data
        version = connection.cursor().connection.server_version
        self.stdout.write(
            f"\n## Data\n\n{Article.objects.count()} articles, "
            f"{Article.objects.visible_to(AnonymousUser()).count()} of them public "
            f"and published; PostgreSQL {version // 10000}.{version % 100}.\n"
        )
        self.explain()
        self.time_pages(runs)

    # --- data ------------------------------------------------------------------

    def create(self, count, rng):
        started = time.monotonic()
        author, _ = User.objects.get_or_create(
            email="benchmark@example.org", defaults={"role": Role.STAFF}
        )
        User.objects.get_or_create(email="bench-member@example.org")
        categories = []
        for n in range(8):
            parent = Category.objects.create(
                name_tr=f"Kategori {n}", name_en=f"Category {n}", slug=f"bench-{n}"
            )
            categories.append(parent)
            categories += [
                Category.objects.create(
                    name_tr=f"Alt kategori {n}.{m}",
                    name_en=f"Subcategory {n}.{m}",
                    slug=f"bench-{n}-{m}",
                    parent=parent,
                )
                for m in range(3)
            ]
        # One tag per topic word; an article is tagged with some of its own.
        tags = {
            tag.name: tag
            for tag in Tag.objects.bulk_create(
                Tag(name=word, slug=f"bench-tag-{n}")
                for n, word in enumerate(dict.fromkeys(TURKISH + ENGLISH))
            )
        }
        sections = list(NaceSection.objects.all())
        start = timezone.now() - dt.timedelta(days=3650)
        batch = []
        fillers = self.fillers(rng)
        for n in range(count):
            english = rng.random() < 0.3
            vocabulary = ENGLISH if english else TURKISH
            patterns = TITLE_PATTERNS_EN if english else TITLE_PATTERNS_TR
            topic = rng.sample(vocabulary, 4)
            if rng.random() < 0.1:
                topic[0] = vocabulary[0]
            a, b, c = topic[:3]
            title = rng.choice(patterns).format(a=a, b=b, c=c, A=a.capitalize())
            summary = self.text(rng, topic, fillers, 24).capitalize() + "."
            body = self.text(rng, topic, fillers, rng.randint(80, 200))
            published = rng.random() < 0.95
            article_tags = [tags[word] for word in topic[: rng.randint(1, 3)]]
            batch.append(
                (
                    Article(
                        title=title[:200],
                        slug=f"bench-{n}",
                        summary=summary[:400],
                        body_markdown=body,
                        body_html=f"<p>{body}</p>",
                        language="en" if english else "tr",
                        category=rng.choice(categories),
                        author=author,
                        visibility="members" if rng.random() < 0.2 else "public",
                        status="published" if published else "submitted",
                        published_at=start + dt.timedelta(minutes=52 * n)
                        if published
                        else None,
                        read_count=int(rng.paretovariate(1.2) * 10),
                        helpful_yes=int(rng.paretovariate(1.5)),
                    ),
                    article_tags,
                )
            )
            if len(batch) == 5000:
                self.insert(batch, sections, rng)
                batch = []
        if batch:
            self.insert(batch, sections, rng)
        created = time.monotonic() - started
        started = time.monotonic()
        reindex_articles(batch_size=2000)
        indexed = time.monotonic() - started
        with connection.cursor() as cursor:
            # VACUUM (for index-only scans) cannot run inside a transaction.
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{vacuum} kms_article")
        self.stdout.write(
            f"## Loading\n\nbulk_create of {count} articles with tags and "
            f"sectors: {created:.1f} s; set-based index of all of them "
            f"(reindex_articles): {indexed:.1f} s.\n"
        )

    def fillers(self, rng):
        """Made-up words, Zipf-distributed: the rest of the vocabulary."""
        words = {
            "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
            for _ in range(FILLER_WORDS * 2)
        }
        words = sorted(words)[:FILLER_WORDS]
        rng.shuffle(words)
        return words, list(itertools.accumulate(1 / (r + 1) for r in range(len(words))))

    def text(self, rng, topic, fillers, count):
        words, cumulative = fillers
        chosen = rng.choices(words, cum_weights=cumulative, k=count)
        for i in range(count):
            if rng.random() < TOPIC_SHARE:
                chosen[i] = rng.choice(topic)
        return " ".join(chosen)

    def insert(self, batch, sections, rng):
        created = Article.objects.bulk_create(article for article, _tags in batch)
        Article.tags.through.objects.bulk_create(
            Article.tags.through(article_id=article.pk, tag_id=tag.pk)
            for article, (_article, tags) in zip(created, batch, strict=True)
            for tag in set(tags)
        )
        Article.sectors.through.objects.bulk_create(
            Article.sectors.through(article_id=article.pk, nacesection_id=section.pk)
            for article in created
            for section in set(rng.sample(sections, rng.randint(0, 2)))
        )

    # --- measurements ----------------------------------------------------------

    def explain(self):
        self.stdout.write("\n## EXPLAIN (ANALYZE, BUFFERS)\n")
        member = User.objects.get(email="bench-member@example.org")
        cases = [
            (f"search {query!r}, anonymous, page 1", AnonymousUser(), query)
            for query in QUERIES
        ]
        cases.append(("search 'ihracat', member, page 1", member, "ihracat"))
        for label, user, query in cases:
            # The query a search runs: the first matches, ranked (after the
            # vocabulary's correction when the words match nothing).
            articles = articles_for_list(user=user, query=query)
            found = search(articles, query, public_only=user.is_anonymous)
            pool = matching(articles, found.searched).order_by(*NEWEST)
            self.plan(label, pool.values_list("pk", "search_rank")[: POOL_SIZE + 1])
        for label, ordering in [
            ("list, newest first, anonymous", ("-published_at", "-pk")),
            ("list, most read, anonymous", ("-read_count", "-published_at", "-pk")),
            ("list, most helpful, anonymous", ("-helpful_yes", "-published_at", "-pk")),
        ]:
            articles = articles_for_list(user=AnonymousUser()).order_by(*ordering)[:20]
            self.plan(label, articles)
        for label, ordering in [
            ("list, most read, member", ("-read_count", "-published_at", "-pk")),
            ("list, newest first, member", ("-published_at", "-pk")),
        ]:
            articles = articles_for_list(user=member).order_by(*ordering)[:20]
            self.plan(label, articles)

    def plan(self, label, queryset):
        lines = explain(queryset)
        self.stdout.write(f"\n### {label}\n\n```\n" + "\n".join(lines) + "\n```\n")

    def time_pages(self, runs):
        self.stdout.write(
            f"\n## Pages (in-process Django test client, {runs} runs each "
            "after a first request that counts the queries; "
            f"DEBUG={settings.DEBUG})\n\n"
            "| page | anonymous p50 | p95 | member p50 | p95 "
            "| queries (anonymous / member) |\n"
            "| --- | --- | --- | --- | --- | --- |\n"
        )
        member = User.objects.get(email="bench-member@example.org")
        pages = [
            ("list, newest", {}),
            ("list, most read", {"sort": "reads"}),
            ("list, category with subcategories", {"category": "bench-1"}),
            *((f"search {q!r}", {"q": q}) for q in QUERIES),
            ("search 'ihracat', most read", {"q": "ihracat", "sort": "reads"}),
            ("search 'ihracat', page 50", {"q": "ihracat", "page": 50}),
        ]
        url = reverse("kms:article_list")
        for label, params in pages:
            cells, queries = [], []
            for user in (None, member):
                timing = time_page(
                    bench_client(user), url, params, runs=runs, label=label
                )
                queries.append(str(timing.queries))
                cells += [f"{timing.p50:.0f} ms", f"{timing.p95:.0f} ms"]
            self.stdout.write(
                f"| {label} | {' | '.join(cells)} | {' / '.join(queries)} |\n"
            )
