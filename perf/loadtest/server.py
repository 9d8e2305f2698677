"""gunicorn serving a checkout with the load-test site (kms_loadtest_site),
and plain requests to it."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Put on PYTHONPATH: importable from any checkout, named after no package
# of one.
SITE_PATH = HERE / "pythonpath"
SETTINGS = "kms_loadtest_site.settings"
TRIVIAL = "/_trivial/"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def site_environment(base: dict[str, str]) -> dict[str, str]:
    """The environment of a process running the load-test site."""
    env = dict(base)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(SITE_PATH), *filter(None, [base.get("PYTHONPATH")])]
    )
    env["DJANGO_SETTINGS_MODULE"] = SETTINGS
    return env


class Server:
    """gunicorn, 2 sync workers, in its own process group (stopped whole)."""

    def __init__(self, app_dir: Path, env: dict[str, str], *, workers: int, log: Path):
        self.app_dir = app_dir
        self.env = site_environment(env)
        self.workers = workers
        self.port = free_port()
        self.log = log
        self.process = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, *, wait_s: float = 60) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "kms.wsgi",
            "--chdir",
            str(self.app_dir),
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--no-control-socket",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own arguments
                command,
                cwd=self.app_dir,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn stopped at start ({self.process.returncode}); "
                    f"see {self.log}"
                )
            try:
                if get(self.base_url, TRIVIAL).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer {TRIVIAL} in {wait_s:.0f} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Answer:
    def __init__(self, status: int, body: bytes, headers: dict[str, str]):
        self.status = status
        self.body = body
        self.headers = headers


def get(base_url: str, path: str, *, cookie: str = "", count_queries=False) -> Answer:
    """One GET, redirects not followed (a 302 to the login is a failed
    session, not a page)."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    headers = {}
    if cookie:
        headers["Cookie"] = cookie
    if count_queries:
        headers["X-Count-Queries"] = "1"
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return Answer(
            response.status, body, {k.lower(): v for k, v in response.getheaders()}
        )
    finally:
        connection.close()


def latency_ms(base_url: str, path: str = TRIVIAL) -> float:
    started = time.perf_counter()
    get(base_url, path)
    return (time.perf_counter() - started) * 1000


def idle_latency_ms(base_url: str, samples: int = 20) -> float:
    """The trivial view's latency, one request at a time, on an idle server."""
    return sorted(latency_ms(base_url) for _ in range(samples))[samples // 2]


def settle(base_url: str, idle_ms: float, *, wait_s: float = 120) -> float:
    """Wait until the workers are idle again: sync workers still answer the
    requests wrk left queued when it stopped (16 requests of a 1 s page keep
    both workers busy for 8 s), which would slow the next trivial run.
    Idle: three trivial requests in a row within a few times the idle
    latency. Returns the seconds waited."""
    started = time.monotonic()
    quick = 0
    limit = max(5 * idle_ms, idle_ms + 10)
    while quick < 3 and time.monotonic() - started < wait_s:
        quick = quick + 1 if latency_ms(base_url) <= limit else 0
        if not quick:
            time.sleep(0.2)
    return time.monotonic() - started
