"""Running wrk with the load test's Lua script, and reading what it prints."""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "wrk" / "report.lua"
MARKER = "LOADTEST_JSON "


class WrkError(RuntimeError):
    pass


@dataclass(frozen=True)
class WrkResult:
    requests: int
    duration_s: float
    bytes: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def failed(self) -> int:
        """Requests answered other than 2xx/3xx, or not at all."""
        return sum(self.errors.values())


def parse(output: str) -> WrkResult:
    """The result line the Lua script's done() printed among wrk's output."""
    lines = [line for line in output.splitlines() if line.startswith(MARKER)]
    if len(lines) != 1:
        raise WrkError(f"expected one {MARKER.strip()} line in wrk's output:\n{output}")
    raw = json.loads(lines[0][len(MARKER) :])
    return WrkResult(
        requests=raw["requests"],
        duration_s=raw["duration_us"] / 1e6,
        bytes=raw["bytes"],
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        errors={key: int(value) for key, value in raw["errors"].items()},
    )


@dataclass(frozen=True)
class WrkOptions:
    threads: int = 2
    connections: int = 16
    duration_s: int = 10
    timeout_s: int = 30

    def describe(self) -> str:
        return (
            f"wrk -t{self.threads} -c{self.connections} -d{self.duration_s}s "
            f"--timeout {self.timeout_s}s"
        )


def command(
    url: str, options: WrkOptions, *, cookie: str = "", paths_file: Path | None = None
) -> list[str]:
    return [
        "wrk",
        f"-t{options.threads}",
        f"-c{options.connections}",
        f"-d{options.duration_s}s",
        f"--timeout={options.timeout_s}s",
        "-s",
        str(SCRIPT),
        url,
        "--",
        cookie or "-",
        str(paths_file) if paths_file else "-",
    ]


def run(url: str, options: WrkOptions, **kwargs) -> WrkResult:
    done = subprocess.run(  # noqa: S603 - our own arguments
        command(url, options, **kwargs),
        capture_output=True,
        text=True,
        timeout=options.duration_s + options.timeout_s + 60,
        check=False,
    )
    if done.returncode != 0:
        raise WrkError(f"wrk failed ({done.returncode}): {done.stderr}{done.stdout}")
    return parse(done.stdout)
