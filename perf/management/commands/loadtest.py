"""`make loadtest`: national-scale data, gunicorn, wrk, and the table of
every page's latency as a multiple of a trivial view's (perf.loadtest)."""

import os
import signal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from perf.loadtest import runner


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Build (or reuse) the national-scale database, serve a checkout with "
        "gunicorn and time each page of perf/loadtest/pages.toml with wrk."
    )
    # The database may not exist yet: the command creates it.
    requires_system_checks = []

    def add_arguments(self, parser):
        env = os.environ.get
        parser.add_argument(
            "--duration",
            type=int,
            default=int(env("LOADTEST_DURATION", "10")),
            help="Seconds of wrk per page and per trivial run (LOADTEST_DURATION).",
        )
        parser.add_argument(
            "--app-dir",
            type=Path,
            default=Path(env("LOADTEST_APP_DIR", str(runner.REPO))),
            help="The checkout to serve, e.g. an older one (LOADTEST_APP_DIR).",
        )
        parser.add_argument(
            "--label",
            default=env("LOADTEST_LABEL", ""),
            help="A word in the result's file name, e.g. 'before' (LOADTEST_LABEL).",
        )
        parser.add_argument(
            "--only",
            nargs="+",
            default=env("LOADTEST_ONLY", "").split(",") if env("LOADTEST_ONLY") else [],
            help="Only pages whose label contains one of these (LOADTEST_ONLY, "
            "comma-separated).",
        )
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=Path(
                env("LOADTEST_OUTPUT_DIR", str(runner.REPO / "docs" / "benchmarks"))
            ),
            help="Where the table is written (LOADTEST_OUTPUT_DIR).",
        )
        parser.add_argument(
            "--no-data",
            action="store_true",
            help="Skip checking the data (it must be complete).",
        )

    def say(self, line: str) -> None:
        # Flushed: each row shows as it is measured, also into a pipe.
        self.stdout.write(line)
        self.stdout.flush()

    def handle(self, *args, duration, app_dir, label, only, output_dir, no_data, **kw):
        if not (app_dir / "manage.py").is_file():
            raise CommandError(f"{app_dir} is not a KMS checkout (no manage.py).")
        # Ctrl-C and a plain kill both stop gunicorn before leaving.
        signal.signal(signal.SIGTERM, _interrupt)
        options = runner.Options(
            app_dir=app_dir,
            duration_s=duration,
            label=label,
            only=only,
            output_dir=output_dir,
            build_data=not no_data,
        )
        try:
            runner.run(options, say=self.say)
        except runner.LoadTestError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt:
            raise CommandError("Interrupted; gunicorn is stopped.") from None
