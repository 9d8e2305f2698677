"""The load test's pure parts: wrk's output, the ratio and the verdict, the
table."""

import pytest

from perf.loadtest import report, wrk
from perf.loadtest.pages import Page

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8123/_trivial/
  2 threads and 16 connections
  1234 requests in 10.00s, 1.23MB read
LOADTEST_JSON {"requests": 21000, "duration_us": 10000000, "bytes": 3100000, \
"p50_us": 6800, "p90_us": 9100, "p99_us": 15250, "max_us": 40001, \
"errors": {"connect": 0, "read": 0, "write": 0, "status": 3, "timeout": 1}}
Requests/sec:   2100.00
"""


def result(p50_ms=1.0, p99_ms=2.0, requests=1000, errors=None):
    return wrk.WrkResult(
        requests=requests,
        duration_s=10.0,
        bytes=0,
        p50_ms=p50_ms,
        p90_ms=p50_ms,
        p99_ms=p99_ms,
        max_ms=p99_ms,
        errors=errors or {"connect": 0, "read": 0, "status": 0, "timeout": 0},
    )


def page(target=2.0, max_p99_ms=None, label="home", actor="visitor"):
    return Page(label=label, actor=actor, url="/", target=target, max_p99_ms=max_p99_ms)


def measured(page_, p50_ms, p99_ms=None, status=200, trivial_p50_ms=5.0, **kwargs):
    return report.Measurement(
        page=page_,
        probe=report.Probe(status=status, size=2048, queries=7, **kwargs),
        trivial=result(p50_ms=trivial_p50_ms),
        result=result(p50_ms=p50_ms, p99_ms=p99_ms or p50_ms * 2),
    )


def test_the_result_line_of_the_lua_script_is_read_in_milliseconds():
    parsed = wrk.parse(WRK_OUTPUT)
    assert parsed.requests == 21000
    assert parsed.rps == 2100.0
    assert parsed.p50_ms == 6.8
    assert parsed.p99_ms == 15.25
    assert parsed.max_ms == 40.001
    assert parsed.failed == 4


def test_output_without_the_result_line_is_an_error():
    with pytest.raises(wrk.WrkError, match="LOADTEST_JSON"):
        wrk.parse("Running 10s test @ http://127.0.0.1:8123/\n")


def test_two_result_lines_are_an_error():
    line = WRK_OUTPUT.splitlines()[3] + WRK_OUTPUT.splitlines()[4]
    with pytest.raises(wrk.WrkError):
        wrk.parse(f"{line}\n{line}\n")


def test_the_wrk_command_passes_the_cookie_and_the_paths_file_to_the_script(tmp_path):
    options = wrk.WrkOptions(duration_s=7)
    command = wrk.command(
        "http://127.0.0.1:1/kms/", options, cookie="sessionid=abc", paths_file=tmp_path
    )
    assert command[:5] == ["wrk", "-t2", "-c16", "-d7s", "--timeout=30s"]
    assert command[-4:] == [
        "http://127.0.0.1:1/kms/",
        "--",
        "sessionid=abc",
        str(tmp_path),
    ]
    assert wrk.command("http://x:1/", options)[-2:] == ["-", "-"]
    assert wrk.SCRIPT.is_file()


def test_the_ratio_is_the_pages_p50_over_the_trivial_views():
    assert measured(page(), p50_ms=12.0, trivial_p50_ms=4.0).ratio == 3.0


def test_a_page_passes_at_its_target_and_fails_above_it():
    assert measured(page(target=2), p50_ms=10.0).passed
    assert not measured(page(target=2), p50_ms=10.5).passed


def test_a_page_with_a_p99_limit_fails_above_it_whatever_its_ratio():
    search = page(target=10, max_p99_ms=1000)
    assert measured(search, p50_ms=20.0, p99_ms=1000.0).passed
    assert not measured(search, p50_ms=20.0, p99_ms=1001.0).passed


def test_a_redirect_fails_and_says_where_it_went():
    redirected = measured(
        page(target=100), p50_ms=1.0, status=302, location="/accounts/login/?next=/"
    )
    assert not redirected.passed
    assert redirected.problems == ["answered 302 to /accounts/login/?next=/"]
    assert "**302**" in report.row(redirected)
    assert "answered 302" in report.summary([redirected])


def test_failed_requests_under_load_fail_a_fast_page():
    fast = report.Measurement(
        page=page(target=100),
        probe=report.Probe(status=200, size=10, queries=1),
        trivial=result(),
        result=result(errors={"status": 12, "timeout": 0}),
    )
    assert fast.problems == ["12 failed requests under load"]
    assert not fast.passed


def test_the_table_has_a_row_per_page_with_its_cells():
    rows = [
        measured(page(label="home"), p50_ms=7.5, trivial_p50_ms=5.0),
        measured(page(label="a | b", actor="staff", target=10), p50_ms=500.0),
    ]
    table = report.table(rows)
    lines = table.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("| page | actor | status | size | queries |")
    assert lines[2] == (
        "| home | visitor | 200 | 2.0 KB | 7 | 5.0 ms | 7.5 ms | 15 ms | 100 "
        "| 1.5x | ≤ 2x | pass |"
    )
    assert lines[3].startswith("| a \\| b | staff | 200 |")
    assert "| 100x | ≤ 10x | **FAIL** |" in lines[3]
    assert report.summary(rows) == "1 of 2 pages within their target."


def test_the_written_document_has_the_machine_the_data_and_the_table(tmp_path):
    from perf.loadtest import runner

    document = runner.render(
        [measured(page(label="home"), p50_ms=7.5, trivial_p50_ms=5.0)],
        facts=["2 cores", "PostgreSQL 15.20"],
        counts={"firms": 110035, "articles": 100052},
        sha="079ba3d",
        dirty=False,
        app_dir=tmp_path / "wt-before",
        label="before",
        elapsed=600,
    )
    assert document.startswith("# Load test, ")
    assert "079ba3d (before)" in document.splitlines()[0]
    assert "`make loadtest` on `wt-before` at 079ba3d; the run took 10 min." in document
    assert "- 2 cores\n- PostgreSQL 15.20\n" in document
    assert "110,035 firms, 100,052 articles." in document
    assert "| home | visitor | 200 |" in document
    assert document.rstrip().endswith("1 of 1 pages within their target.")
