"""Benchmark of the knowledge base's list and search on PostgreSQL.

Completes the load-test articles (perf.data: 100,000 by default, indexed
set-based) if they are missing, then prints EXPLAIN (ANALYZE) of the search
queries and the p50 time of the list and search pages, in process. E.g.

    createdb -h 127.0.0.1 -U postgres kms_loadtest
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kms_loadtest DEBUG=true
    python manage.py migrate && python manage.py loadtest_search

docs/loadtests/search.md keeps a measured run.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand
from django.db import connection
from django.urls import reverse

from kms.accounts.models import User
from kms.knowledge.models import Article
from kms.knowledge.search import NEWEST, POOL_SIZE, matching, search
from kms.knowledge.selectors.search import articles_for_list
from perf.data import build as data
from perf.data.articles import ARTICLES, MEMBER, Articles, SearchIndex
from perf.timing import bench_client, explain, time_page

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
        "Complete N articles on PostgreSQL (indexed), print EXPLAIN "
        "(ANALYZE) of the search and the p50 of the list and search pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=ARTICLES)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure what is there without completing the data first.",
        )
        parser.add_argument(
            "--runs", type=int, default=30, help="Timed requests per page and user."
        )

    def handle(self, *args, articles, reuse, runs, **options):
        data.require_postgresql()
        if not reuse:
            data.build(steps=[Articles(articles), SearchIndex()], say=self.stdout.write)
        version = connection.cursor().connection.server_version
        self.stdout.write(
            f"\n## Data\n\n{Article.objects.count()} articles, "
            f"{Article.objects.visible_to(AnonymousUser()).count()} of them public "
            f"and published; PostgreSQL {version // 10000}.{version % 100}.\n"
        )
        self.explain()
        self.time_pages(runs)

    # --- measurements ----------------------------------------------------------

    def explain(self):
        self.stdout.write("\n## EXPLAIN (ANALYZE, BUFFERS)\n")
        member = User.objects.get(email=MEMBER)
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
        member = User.objects.get(email=MEMBER)
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
