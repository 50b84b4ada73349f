"""The pages in headless Chromium: reader popovers, search, entity and story pages, graph, map, phone layout.

The store holds the invented Port Selwyn articles, plus the shared sample run through the
real pipeline when both are available. Screenshots go to test-output/web/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "web"))

import web_articles as inv  # noqa: E402
from browser import chromium, screenshot  # noqa: E402
from web_server import running  # noqa: E402

from newsgraph.store import open_store  # noqa: E402
from newsgraph.web import create_app  # noqa: E402

from conftest import SAMPLE  # noqa: E402


def add_sample(store) -> list:
    """The sample analysed by the real pipeline and stored with its links, or [] when it cannot be."""
    if not SAMPLE.exists():
        return []
    try:
        from newsgraph.api import analyze
    except Exception:  # pragma: no cover - the pipeline is optional here
        return []
    analysis = analyze(SAMPLE)
    store.add_articles(analysis.articles)
    return list(analysis.articles)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with chromium() as browser, open_store(tmp_path_factory.mktemp("browser") / "web.db") as store:
        gazette, wire, story = inv.build_store(store)
        sample = add_sample(store)
        with running(create_app(store)) as base:
            yield {"browser": browser, "base": base, "gazette": gazette, "wire": wire, "story": story,
                   "sample": sample}


@pytest.fixture()
def page(site):
    context = site["browser"].new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    yield page
    context.close()
    assert problems == []  # includes any Content-Security-Policy violation by our own files


def test_reader_click_shows_speaker_cue_channel_and_chain(site, page):
    page.goto(f"{site['base']}/articles/{site['gazette'].id}")
    assert page.locator("mark.attr.role-content").count() == 5
    assert page.locator(".legend li").first.is_visible()
    page.click('mark.attr.role-content[data-attr="q4"]')
    pop = page.locator("#popover")
    assert pop.is_visible()
    assert pop.locator(".speaker-written").inner_text() == "A source close to the investigation"
    assert pop.locator(".speaker-resolved").inner_text().startswith("investigation source")
    assert pop.locator(".cue").inner_text() == "said"
    assert pop.locator(".channel").inner_text() == "the harbour radio station"
    assert pop.locator(".chain").inner_text() == "investigation source → harbour radio station → The Selwyn Gazette"
    colour = page.eval_on_selector('mark.attr[data-attr="q2"]', "m => getComputedStyle(m).borderBottomColor")
    assert colour == "rgb(220, 38, 38)"  # deny is red
    screenshot(page, "reader-desktop", full_page=False)
    page.keyboard.press("Escape")
    assert not pop.is_visible()


def test_reader_on_a_phone_opens_a_bottom_sheet(site, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site['base']}/articles/{site['gazette'].id}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.click('mark.attr[data-attr="q2"]')
    box = page.locator("#popover").bounding_box()
    assert box and box["width"] == 390 and abs(box["y"] + box["height"] - 844) < 2
    assert page.locator("#popover .speaker-written").inner_text() == "A spokesman for the Coastal Guard"
    screenshot(page, "reader-phone", full_page=False)


def test_sample_reader_shows_the_stored_speaker(site, page):
    if not site["sample"]:
        pytest.skip("the shared sample or the analysis pipeline is unavailable")
    article = next((a for a in site["sample"] if a.attributions and a.duplicate_of is None), None)
    if article is None:
        pytest.skip("the pipeline found no attribution in the sample")
    page.goto(f"{site['base']}/articles/{article.id}")
    first = article.attributions[0]
    page.locator(f'mark.attr.role-content[data-attr="{first.id}"]').first.click()
    shown = page.locator("#popover .speaker-written").inner_text()
    assert shown == ((first.speaker.text if first.speaker else None) or "—")
    screenshot(page, "sample-reader", full_page=False)


def test_search_then_back_and_forward(site, page):
    base = site["base"]
    page.goto(base + "/")
    page.fill("header input[name=q]", "wiring")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/\?q=wiring$"))
    results = page.locator("ol.articles .headline")
    assert results.all_inner_texts() == [site["wire"].headline]
    assert page.locator("ol.articles mark").first.inner_text().lower().startswith("wiring")
    screenshot(page, "search")
    results.first.click()
    page.wait_for_url(f"**/articles/{site['wire'].id}")
    page.go_back()
    page.wait_for_url(re.compile(r"/\?q=wiring$"))
    assert page.input_value("header input[name=q]") == "wiring"
    page.go_forward()
    page.wait_for_url(f"**/articles/{site['wire'].id}")


def test_entity_page_from_the_reader(site, page):
    page.goto(f"{site['base']}/articles/{site['gazette'].id}")
    page.click(".chips a:has-text('Ada Marrow')")
    page.wait_for_url(re.compile(r"/entities/person(:|%3A)ada-marrow$"))
    assert page.locator("h1").inner_text().endswith("Ada Marrow")
    said = page.locator("section:has(h2:has-text('What it said')) .qcard")
    assert said.count() == 2
    assert page.locator("ol.timeline li").count() == 1
    assert "Tomas Vell" in page.locator("ol.timeline").inner_text()
    screenshot(page, "entity")


def test_story_page_orders_articles_and_marks_denials(site, page):
    page.goto(site["base"] + "/stories")
    page.click(f"a[href='/stories/{site['story'].id}']")
    page.wait_for_url(f"**/stories/{site['story'].id}")
    assert page.locator(".story-articles a").all_inner_texts() == [site["gazette"].headline, site["wire"].headline]
    assert page.locator(".timeline li").count() == 4
    assert page.locator(".timeline li.denial").count() == 2  # the spokesman's denial, the commander's rejection
    assert "relaying The Selwyn Gazette" in page.locator(".timeline").inner_text()
    screenshot(page, "story")


def test_quotes_table_sorts_by_speaker(site, page):
    page.goto(site["base"] + "/quotes")
    rows = page.locator("#quotes-table tbody tr")
    assert rows.count() >= 8
    page.click("#quotes-table th:nth-child(1) button")
    names = [n.strip().lower() for n in page.locator("#quotes-table tbody td:nth-child(1) a").all_inner_texts()]
    assert names == sorted(names)
    page.click("#quotes-table th:nth-child(1) button")
    names = [n.strip().lower() for n in page.locator("#quotes-table tbody td:nth-child(1) a").all_inner_texts()]
    assert names == sorted(names, reverse=True)
    page.select_option("select[name=stance]", "deny")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/quotes?*stance=deny*")
    stances = page.locator("#quotes-table tbody td[data-label=Stance]")
    assert stances.count() >= 1 and {stances.nth(i).get_attribute("data-value") for i in range(stances.count())} == {"deny"}
    assert "that any warning had been received before the fire" in page.locator("#quotes-table").inner_text()
    screenshot(page, "quotes")


def test_contradictions_side_by_side(site, page):
    page.goto(site["base"] + "/contradictions")
    pairs = page.locator("section.contra")
    texts = pairs.all_inner_texts()
    assert len(texts) >= 2
    ketter = [t for t in texts if "Bram Ketter" in t]
    assert len(ketter) == 1 and "Ada Marrow" in ketter[0] and "across articles" in ketter[0]
    screenshot(page, "contradictions")


def test_graph_draws_stance_coloured_edges(site, page):
    page.goto(f"{site['base']}/graph?story={site['story'].id}")
    page.wait_for_selector("#graph svg")
    assert page.locator("#graph .speaker").count() == 7
    assert page.locator("#graph .claim").count() == 8
    assert page.locator("#graph path.edge.counter").count() == 2
    stroke = page.eval_on_selector("#graph path.edge.st-reject", "p => getComputedStyle(p).stroke")
    assert stroke == "rgb(234, 88, 12)"
    screenshot(page, "graph")
    page.locator("#graph .claim").first.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+#attr-q\d"))


def test_map_puts_markers_at_lon_lat(site, page):
    page.goto(site["base"] + "/map")
    selwyn = page.locator("#map .marker").filter(has=page.locator("title", has_text="Port Selwyn"))
    circle = selwyn.locator("circle")
    assert (float(circle.get_attribute("cx")), float(circle.get_attribute("cy"))) == (18.4 + 180, 90 + 33.9)
    selwyn.click()
    assert page.locator(".place.active h3").inner_text().startswith("Port Selwyn")
    screenshot(page, "map")


@pytest.mark.parametrize("path", ["/", "/quotes", "/contradictions", "/entities", "/stories", "/graph", "/map",
                                  "/docs"])
def test_every_page_fits_a_phone(site, page, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site["base"] + path)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, path
    screenshot(page, "phone" + (path.replace("/", "-") if path != "/" else "-articles"))
