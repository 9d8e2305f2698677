"""A visitor and a staff member use the site in a real browser.

Screenshots land in test-artifacts/screenshots/ for a person to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import to_english

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_switches_language_and_staff_logs_in_and_out(
    page, demo_site, screenshots
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(demo_site + "/")
    expect(page).to_have_title(re.compile("KMS"))
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.locator("#info-spot-samsun")).to_contain_text("Samsun")
    page.screenshot(path=screenshots / "01-home-tr.png", full_page=True)

    to_english(page)
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    page.screenshot(path=screenshots / "02-home-en.png", full_page=True)

    nav.get_by_role("link", name="Log in").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    page.fill("input[name=login]", "staff.samsun@example.org")
    page.fill("input[name=password]", "kms-demo-2026")
    page.screenshot(path=screenshots / "03-login.png", full_page=True)
    page.locator("form button[type=submit]").last.click()

    expect(page).to_have_url(demo_site + "/")
    page.get_by_role("button", name="Account").click()
    menu = page.locator(".dropdown-menu")
    expect(menu.get_by_text("staff.samsun@example.org")).to_be_visible()
    # The role: in the account menu (and beside it on the widest screens).
    expect(menu.get_by_text("Info-spot staff")).to_be_visible()
    page.screenshot(path=screenshots / "04-staff-logged-in.png", full_page=True)

    page.get_by_role("button", name="Log out").click()
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    page.screenshot(path=screenshots / "05-logged-out.png", full_page=True)


def test_wrong_password_shows_an_error_next_to_the_form(page, demo_site, screenshots):
    page.goto(demo_site + "/accounts/login/")
    page.fill("input[name=login]", "staff.samsun@example.org")
    page.fill("input[name=password]", "not-the-password")
    page.locator("main form button[type=submit]").last.click()
    expect(
        page.locator("main .alert-danger, main .invalid-feedback").first
    ).to_be_visible()
    expect(page.locator("input[name=login]")).to_have_value("staff.samsun@example.org")
    page.screenshot(path=screenshots / "06-login-error.png", full_page=True)


def test_home_on_a_phone(page, demo_site, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_site + "/")
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.locator("#kms-navbar")).to_be_visible()
    page.screenshot(path=screenshots / "07-home-phone.png", full_page=True)
