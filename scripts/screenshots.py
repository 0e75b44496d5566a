"""The README's screenshots of the admin, desktop and tablet, taken from the running demo site.

Usage: ./scripts/screenshots [BASE_URL]   (default http://127.0.0.1:8000)
Chromium: $CHROMIUM or /usr/bin/chromium.
"""

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = {"desktop": {"width": 1366, "height": 900}, "tablet": {"width": 820, "height": 1180}}


def log_in(page, username):
    page.goto(f"{BASE}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "youthcop-demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def running_programme_overview(page):
    page.goto(f"{BASE}/admin/youthcop/programmes/")
    page.get_by_role("link", name=re.compile(r"^Second Wave Brussels-North$")).first.click()
    page.wait_for_load_state()
    return page.url


def shoot(page, name, size, full_page=True):
    path = OUT / f"{name}-{size}.png"
    page.screenshot(path=str(path), full_page=full_page)
    print(path.relative_to(OUT.parent.parent))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=ARGS)
        for size, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport, locale="en-GB")
            page = context.new_page()
            log_in(page, "coordinator")
            shoot(page, "dashboard-coordinator", size, full_page=False)
            overview = running_programme_overview(page)
            shoot(page, "programme-overview", size)
            programme_id = re.search(r"/(\d+)/?$", overview.rstrip("/") + "/").group(1)
            page.goto(f"{BASE}/admin/youthcop/sessions/programme/{programme_id}/plan/")
            shoot(page, "year-planner", size)
            page.goto(f"{BASE}/admin/youthcop/sessions/programme/{programme_id}/sessions-calendar/")
            shoot(page, "programme-calendar", size)
            page.goto(f"{BASE}/admin/youthcop/participants/?programme={programme_id}")
            shoot(page, "participant-list", size, full_page=False)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
