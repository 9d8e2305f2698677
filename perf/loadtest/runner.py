"""`make loadtest`: the national-scale database, gunicorn, wrk, the table.

The steps: create the database if missing, migrate, build what is missing
of the data (perf.data), collect static files, check Redis and empty its
database (the cache starts cold in every run), sign the actors in, start
gunicorn on the checkout to measure, then for each page of pages.toml: one
plain request (status, size, SQL queries), wrk on the trivial view, wrk on
the page. The table is printed and written to docs/benchmarks/.
"""

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import django
import gunicorn
import redis
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from perf.data import build as data

from . import report, resolve, server, wrk
from .pages import QUERY, Page, load_mix, load_pages

REPO = Path(settings.BASE_DIR)


class LoadTestError(RuntimeError):
    pass


@dataclass
class Options:
    app_dir: Path = REPO
    duration_s: int = 10
    label: str = ""
    only: list[str] = field(default_factory=list)
    output_dir: Path = REPO / "docs" / "benchmarks"
    workers: int = 2
    build_data: bool = True


def ensure_database(say) -> None:
    """CREATE DATABASE when it does not exist yet (as the server's
    maintenance database `postgres` sees it)."""
    import psycopg2

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        data.require_postgresql()
    params = {
        "dbname": "postgres",
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    maintenance = psycopg2.connect(**{k: v for k, v in params.items() if v})
    try:
        maintenance.autocommit = True
        with maintenance.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            if cursor.fetchone() is None:
                say(f"Creating database {db['NAME']}")
                name = db["NAME"].replace('"', '""')
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        maintenance.close()


def check_environment() -> None:
    if shutil.which("wrk") is None:
        raise LoadTestError("wrk is missing: sudo apt-get install -y wrk")
    if settings.DEBUG:
        raise LoadTestError("DEBUG is on: the load test measures production settings.")
    if not os.environ.get("REDIS_URL"):
        raise LoadTestError("REDIS_URL is not set: the load test uses Redis as cache.")


def reset_redis() -> str:
    """Ping Redis and empty the load test's database; returns its version."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        raise LoadTestError(f"Redis at REDIS_URL is unreachable: {error}") from error
    client.flushdb()
    return client.info("server")["redis_version"]


def git(app_dir: Path, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own arguments
        ["git", "-C", str(app_dir), *args],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def collectstatic(app_dir: Path) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=app_dir,
        env=server.site_environment(dict(os.environ)),
        check=True,
    )


def first_backend(app_dir: Path) -> str:
    """The authentication backend a login names in the session, as the
    served checkout (perhaps an older one) knows it."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.AUTHENTICATION_BACKENDS[0])",
        ],
        cwd=app_dir,
        env=server.site_environment(dict(os.environ)),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def probe(base_url: str, paths: list[str], cookie: str) -> report.Probe:
    """One plain request per path: the worst status, the median size, the
    most queries."""
    statuses, sizes, queries, location = [], [], [], ""
    for path in paths:
        answer = server.get(base_url, path, cookie=cookie, count_queries=True)
        statuses.append(answer.status)
        sizes.append(len(answer.body))
        if "x-query-count" in answer.headers:
            queries.append(int(answer.headers["x-query-count"]))
        if answer.status != 200 and not location:
            location = answer.headers.get("location", "")
    status = next((s for s in statuses if s != 200), 200)
    return report.Probe(
        status=status,
        size=int(statistics.median(sizes)),
        queries=max(queries) if queries else None,
        location=location,
    )


def machine_facts(redis_version: str, options: wrk.WrkOptions) -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    wrk_version = subprocess.run(
        ["wrk", "-v"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split(" [")[0]
    return [
        f"{os.cpu_count()} cores ({cpu}), {memory} GB RAM, "
        f"load average at start {os.getloadavg()[0]:.2f}",
        f"PostgreSQL {pg_version} (shared_buffers {shared_buffers}), "
        f"Redis {redis_version}",
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__} "
        f"({{workers}} sync workers, --no-control-socket), {wrk_version}",
        f"`{options.describe()}` on each page, right after the same on the "
        "trivial view (`HttpResponse('ok')` through the same middleware, same "
        "server)",
    ]


def run(options: Options, *, say=print) -> Path:
    started = time.monotonic()
    check_environment()
    ensure_database(say)
    data.require_postgresql()
    say("Migrating")
    call_command("migrate", interactive=False, verbosity=0)
    if options.build_data:
        data.build(say=say)
    counts = data.counts()
    # Visitors' sessions pile up run after run: every run starts without.
    Session.objects.all().delete()
    redis_version = reset_redis()
    app_dir = options.app_dir.resolve()
    sha = git(app_dir, "rev-parse", "--short", "HEAD") or "unknown"
    dirty = bool(git(app_dir, "status", "--porcelain", "--untracked-files=no"))
    say(f"Collecting static files of {app_dir}")
    collectstatic(app_dir)
    pages = load_pages(known=set(resolve.RESOLVERS))
    if options.only:
        pages = [
            p for p in pages if any(o.lower() in p.label.lower() for o in options.only)
        ]
    values = resolve.values(set().union(*(p.names for p in pages)) - {QUERY})
    backend = first_backend(app_dir)
    cookies = {
        actor: resolve.session_cookie(actor, backend=backend)
        for actor in {p.actor for p in pages}
    }
    wrk_options = wrk.WrkOptions(duration_s=options.duration_s)
    facts = machine_facts(redis_version, wrk_options)
    facts[2] = facts[2].format(workers=options.workers)
    measurements: list[report.Measurement] = []
    with tempfile.TemporaryDirectory(prefix="kms-loadtest-") as scratch:
        log = Path(scratch) / "gunicorn.log"
        site = server.Server(
            app_dir, dict(os.environ), workers=options.workers, log=log
        )
        say(f"Starting gunicorn on {site.base_url} ({app_dir} at {sha})")
        try:
            site.start()
            idle_ms = server.idle_latency_ms(site.base_url)
            facts.append(
                f"the trivial view, one request at a time on the idle server: "
                f"{idle_ms:.1f} ms"
            )
            say(report.HEADER.rstrip())
            for number, page in enumerate(pages):
                measurements.append(
                    measure(
                        idle_ms,
                        page,
                        number,
                        site.base_url,
                        values,
                        cookies,
                        wrk_options,
                        Path(scratch),
                    )
                )
                say(report.row(measurements[-1]).rstrip())
        finally:
            site.stop()
            errors = (
                [
                    line
                    for line in log.read_text(errors="replace").splitlines()
                    if " ERROR " in line or "Traceback" in line
                ]
                if log.exists()
                else []
            )
            if errors:
                say(f"gunicorn logged {len(errors)} errors, the first: {errors[0]}")
    elapsed = time.monotonic() - started
    document = render(
        measurements,
        facts=facts,
        counts=counts,
        sha=sha,
        dirty=dirty,
        app_dir=app_dir,
        label=options.label,
        elapsed=elapsed,
    )
    say("")
    say(document)
    options.output_dir.mkdir(parents=True, exist_ok=True)
    day = timezone.localdate().isoformat()
    stem = "-".join(filter(None, [day, options.label, sha]))
    path = options.output_dir / f"{stem}.md"
    path.write_text(document, encoding="utf-8")
    say(f"Written to {path}")
    return path


def measure(
    idle_ms: float, page: Page, number, base_url, values, cookies, options, scratch
) -> report.Measurement:
    queries = load_mix(page.mix) if page.mix else []
    paths = page.paths(values, queries)
    cookie = cookies[page.actor]
    checked = probe(base_url, paths, cookie)
    paths_file = None
    if len(paths) > 1:
        paths_file = scratch / f"paths-{number}.txt"
        paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    server.settle(base_url, idle_ms)
    trivial = wrk.run(base_url + server.TRIVIAL, options, cookie=cookie)
    result = wrk.run(base_url + paths[0], options, cookie=cookie, paths_file=paths_file)
    return report.Measurement(page=page, probe=checked, trivial=trivial, result=result)


def render(measurements, *, facts, counts, sha, dirty, app_dir, label, elapsed) -> str:
    title = f"# Load test, {timezone.localdate().isoformat()}, {sha}"
    if label:
        title += f" ({label})"
    lines = [
        title,
        "",
        f"`make loadtest` on `{app_dir.name}` at {sha}"
        + (" with uncommitted changes" if dirty else "")
        + f"; the run took {elapsed / 60:.0f} min.",
        "",
        "## Machine",
        "",
        *(f"- {fact}" for fact in facts),
        f"- load average at the end {os.getloadavg()[0]:.2f}",
        "",
        "## Data",
        "",
        ", ".join(f"{count:,} {name}" for name, count in counts.items()) + ".",
        "",
        "## Pages",
        "",
        "p50 and p99 under load (16 connections); size and queries of one plain "
        "request (for the search mix: the median size and the most queries over "
        "its queries); the status of that request (every query of the mix).",
        "",
        report.table(measurements).rstrip(),
        "",
        report.summary(measurements),
        "",
    ]
    return "\n".join(lines)
