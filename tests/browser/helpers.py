"""What the browser journeys do alike: watch the console, log in, switch to
English, open a page that must answer an error status, wait for the worker.

The fixtures that use them (`open_page`, `page`) are in conftest.py.
"""

import re
import time

from playwright.sync_api import expect

PASSWORD = "kms-demo-2026"  # the default DEMO_PASSWORD of the demo accounts


def watch_console(page):
    """Collect on `page.kms_errors` every message the browser logs as an
    error (CSP violations too) and every uncaught script error, except the
    error statuses the test expects: (status, url) pairs it adds to
    `page.kms_expected`."""
    page.kms_errors = []
    page.kms_expected = set()

    def on_console(message):
        if message.type != "error":
            return
        status = re.search(r"status of (\d{3})", message.text)
        if status and (int(status[1]), message.location.get("url")) in (
            page.kms_expected
        ):
            return
        page.kms_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.kms_errors.append(str(exc)))
    return page


def log_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page.get_by_role("button", name=re.compile("Account|Hesap"))).to_be_visible()


def to_english(page):
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def expect_status(page, status):
    """The next answer to this page's address is `status` (a refused form):
    the error the browser logs for it is not a failure."""
    page.kms_expected.add((status, page.url))


def goto_status(page, url, status):
    page.kms_expected.add((status, url))
    response = page.goto(url)
    assert response.status == status, (url, response.status)


def eventually(predicate, timeout=15):
    """Wait for work done by the Celery worker thread."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for the worker"
        time.sleep(0.05)
