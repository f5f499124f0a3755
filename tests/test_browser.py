"""The pages in headless Chromium (Debian's ``chromium``, driven by Playwright): what a person sees and can do.

Set ``WIREWATCH_SCREENSHOTS=1`` to (re)write the README's screenshots in docs/screenshots/.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium not found; .ci/run installs Debian's chromium package")
        pytest.skip("chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, served):
    base, _ = served
    context = browser.new_context(viewport={"width": 1200, "height": 900}, base_url=base)
    opened = context.new_page()
    opened.problems = []
    opened.on("pageerror", lambda error: opened.problems.append(f"page error: {error}"))
    opened.on("dialog", lambda dialog: (opened.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    opened.on("console", lambda message: opened.problems.append(f"console: {message.text}") if message.type == "error" else None)
    yield opened
    context.close()


def shot(page, name: str) -> None:
    if os.environ.get("WIREWATCH_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_timeline_to_story_to_entity_to_document(page):
    page.goto("/timeline?from=2022-02-11&to=2022-02-11")
    assert page.locator("h1").inner_text() == "Timeline"
    assert page.locator("section.day h2").first.inner_text().startswith("2022-02-11")
    shot(page, "timeline")
    page.get_by_role("link", name="Blinken says Russian invasion could ‘begin at any time’").click()
    assert page.locator("h1").inner_text() == "Blinken says Russian invasion could ‘begin at any time’"
    versions = page.locator("article.version")
    assert versions.count() == 2  # Al Jazeera's and The Independent's updates, side by side
    boxes = [versions.nth(i).bounding_box() for i in range(2)]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[0]["x"] < boxes[1]["x"]
    shot(page, "story")
    page.locator("article.version").first.get_by_role("link", name="Antony Blinken").first.click()
    assert page.locator("h1").inner_text() == "Antony Blinken"
    assert page.locator("text=Quotes over time").is_visible()
    assert page.locator("blockquote").count() >= 3
    shot(page, "entity")
    page.get_by_role("link", name="source").first.click()
    assert re.search(r"/documents/[^/#]+#", page.url)
    assert page.locator("section.entry").count() > 5
    page.get_by_text("Removed while cleaning").click()
    assert page.locator("details.removed li").first.is_visible()
    shot(page, "document")
    assert page.problems == []


def test_search_highlights_matches(page):
    page.goto("/timeline")
    page.keyboard.press("/")  # the search box takes focus
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("Stoltenberg")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Stoltenberg"))
    marks = page.locator("ol.results mark")
    assert marks.count() >= 1 and all(m.lower() == "stoltenberg" for m in marks.all_inner_texts())
    shot(page, "search")
    assert page.problems == []


def test_filtering_the_timeline_by_entity_and_source(page):
    page.goto("/timeline")
    page.get_by_label("Entity").fill("Irena Mavrić")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"entity=Irena"))
    headlines = page.locator("article.story h3").all_inner_texts()
    assert headlines and not any("Blinken" in h for h in headlines)
    page.goto("/timeline?source=dpa%2FMIA")
    assert page.locator("section.day h2").all_inner_texts()[0].startswith("2022-02-17")
    assert page.problems == []


def test_trends_chart_and_entities_list(page):
    page.goto("/trends")
    assert page.locator("svg.chart rect").count() >= 3
    assert page.locator("table tbody tr").count() >= 3
    shot(page, "trends")
    page.goto("/entities")
    assert page.locator("table tbody tr").count() == 50
    page.get_by_role("link", name="More →").click()
    assert page.locator("table tbody tr").count() >= 1
    assert page.problems == []


def test_no_script_from_a_document_ever_runs(page):
    for path in ("/documents/hostile", "/search?q=council", "/timeline?source=Hostile%20Gazette"):
        page.goto(path)
        page.mouse.move(200, 300)
        page.locator("body").hover()
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("body").is_visible()  # the injected <style> hid nothing
    page.goto("/documents/hostile")
    assert "<script>window.__pwned = 'script'; alert(1)</script>" in page.locator("main").inner_text()
    story = page.locator("section.entry a", has_text="story").first.get_attribute("href")
    page.goto(story)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not [p for p in page.problems if p.startswith(("dialog", "page error"))]


def test_phone_width_and_keyboard(browser, served):
    base, _ = served
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=base)
    page = context.new_page()
    for path in ("/timeline", "/stories/s000001", "/documents/hostile", "/trends", "/entities"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 376, (path, width)
    page.goto("/timeline")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    if os.environ.get("WIREWATCH_SCREENSHOTS") == "1":
        page.screenshot(path=str(SHOTS / "phone.png"))
    context.close()


def test_entity_and_story_pages_show_claims_and_disputes(page, served):
    _, path = served
    from conftest import rows

    page.goto("/entities/place:russia")
    assert page.locator("caption", has_text="Russia troops in or near Ukraine").is_visible()
    assert page.locator("text=Joe Biden").first.is_visible() and page.locator("text=Ben Wallace").first.is_visible()
    (entry,) = rows(path, "SELECT id FROM entries WHERE text LIKE '%Moscow said that it was withdrawing%'")
    (story,) = rows(path, "SELECT story_id FROM story_entries WHERE entry_id = ?", entry["id"])
    page.goto(f"/stories/{story['story_id']}")
    disputes = page.locator("ul.disputes li")
    assert disputes.count() >= 1 and "RETREAT" in disputes.first.inner_text() and "Stoltenberg" in page.locator("ul.disputes").inner_text()
    assert page.problems == []


def test_timeline_shows_new_stories_without_a_reload(browser, tmp_path):
    """A story ingested while the timeline is open appears in it, marked new (server-sent events)."""
    from conftest import EXAMPLES, serving
    from wirewatch import api
    from wirewatch.web import create_app

    db = tmp_path / "live.db"
    api.run([str(EXAMPLES / "wire-dateline.txt")], db=db)
    app = create_app(db)
    app.state.stream_poll = 0.2
    with serving(app) as base:
        context = browser.new_context(viewport={"width": 1200, "height": 900}, base_url=base)
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto("/timeline")
        before = page.locator("article.story").count()
        assert before >= 1 and page.locator("#live").is_hidden()
        api.run([str(EXAMPLES / "liveblog-sidecar.txt")], db=db)
        page.wait_for_selector("#live article.story.new", timeout=30_000)
        fresh = page.locator("#live article.story.new")
        assert fresh.count() >= 1
        assert fresh.first.locator(".new-mark").inner_text().lower() == "new"
        href = fresh.first.locator("a").get_attribute("href")
        assert href.startswith("/stories/")
        page.goto(href)  # the link leads to the new story
        assert page.locator("h1").inner_text()
        context.close()
    assert problems == []
