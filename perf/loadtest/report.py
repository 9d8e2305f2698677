"""A page's measurement against the trivial view's, and the Markdown table."""

from dataclasses import dataclass

from .pages import Page
from .wrk import WrkResult


@dataclass(frozen=True)
class Probe:
    """What one plain request (per path of the page) answered."""

    status: int  # the worst: the first status other than 200, else 200
    size: int  # bytes of the body (the median over a mix)
    queries: int | None  # SQL queries (the most over a mix)
    location: str = ""  # where a redirect pointed

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class Measurement:
    page: Page
    probe: Probe
    trivial: WrkResult
    result: WrkResult

    @property
    def ratio(self) -> float:
        """The page's p50 as a multiple of the trivial view's p50."""
        return self.result.p50_ms / self.trivial.p50_ms

    @property
    def problems(self) -> list[str]:
        found = []
        if not self.probe.ok:
            where = f" to {self.probe.location}" if self.probe.location else ""
            found.append(f"answered {self.probe.status}{where}")
        if self.result.failed:
            found.append(f"{self.result.failed} failed requests under load")
        if self.result.requests == 0:
            found.append("no request completed")
        return found

    @property
    def passed(self) -> bool:
        if self.problems:
            return False
        if self.ratio > self.page.target:
            return False
        return (
            self.page.max_p99_ms is None or self.result.p99_ms <= self.page.max_p99_ms
        )

    def target_text(self) -> str:
        text = f"≤ {self.page.target:g}x"
        if self.page.max_p99_ms is not None:
            text += f", p99 ≤ {self.page.max_p99_ms:g} ms"
        return text


HEADER = (
    "| page | actor | status | size | queries | trivial p50 | p50 | p99 "
    "| req/s | p50 x trivial | target | result |\n"
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n"
)


def milliseconds(value: float) -> str:
    return f"{value:.1f} ms" if value < 10 else f"{value:,.0f} ms"


def size_text(size: int) -> str:
    return f"{size / 1024:,.1f} KB" if size >= 1024 else f"{size} B"


def row(m: Measurement) -> str:
    verdict = "pass" if m.passed else "**FAIL**"
    if m.problems:
        verdict += ": " + "; ".join(m.problems)
    status = str(m.probe.status) if m.probe.ok else f"**{m.probe.status}**"
    cells = [
        m.page.label,
        m.page.actor,
        status,
        size_text(m.probe.size),
        "—" if m.probe.queries is None else str(m.probe.queries),
        milliseconds(m.trivial.p50_ms),
        milliseconds(m.result.p50_ms),
        milliseconds(m.result.p99_ms),
        f"{m.result.rps:,.0f}",
        f"{m.ratio:,.0f}x" if m.ratio >= 10 else f"{m.ratio:.1f}x",
        m.target_text(),
        verdict,
    ]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |\n"


def table(measurements: list[Measurement]) -> str:
    return HEADER + "".join(row(m) for m in measurements)


def summary(measurements: list[Measurement]) -> str:
    passed = sum(m.passed for m in measurements)
    broken = [m for m in measurements if m.problems]
    text = f"{passed} of {len(measurements)} pages within their target."
    if broken:
        text += " Not answering 200 (or failing under load): " + ", ".join(
            f"{m.page.label} ({m.page.actor}: {'; '.join(m.problems)})" for m in broken
        )
        text += "."
    return text
