"""End to end in a real browser: `corpus serve` + headless Chromium driven by Selenium.

Screenshots go to ./screenshots (git-ignored; $SCREENSHOT_DIR overrides). Skipped only when
chromium/chromedriver are missing and $CI is not set; under CI they must be there.
"""
from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import web_index  # noqa: E402,F401  (session fixture)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "screenshots")
START_DEADLINE_S = 60      # how long `corpus serve` may take to answer (not an assertion on speed)
WAIT_S = 20                # Selenium waits for elements
PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}


def _browser_available() -> bool:
    return all(os.path.exists(p) and os.access(p, os.X_OK) for p in (CHROMIUM, CHROMEDRIVER))


if not _browser_available():
    if os.environ.get("CI"):
        raise RuntimeError(f"CI is set but {CHROMIUM} / {CHROMEDRIVER} are missing "
                           "(scripts/setup.sh --test installs chromium and chromium-driver)")
    pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

selenium = pytest.importorskip("selenium") if not os.environ.get("CI") else __import__("selenium")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(web_index, tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "corpus", "serve", "--index", str(web_index), "--port", str(port),
             "--threads", "4"], cwd=tempfile.gettempdir(), stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_DEADLINE_S
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"`corpus serve` exited with {proc.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(base + "/api/stats", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"`corpus serve` did not answer on {base}:\n{log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def driver():
    profile = tempfile.mkdtemp(prefix="corpus-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-extensions", "--lang=ar", f"--user-data-dir={profile}",
                 "--window-size=1280,900"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    opts.add_experimental_option("prefs", {"intl.accept_languages": "ar"})   # the Arabic interface first
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(60)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _no_console_errors(drv, where: str) -> None:
    severe = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, f"browser console errors on {where}: {severe}"


def _no_alert(drv) -> None:
    try:
        alert = drv.switch_to.alert
    except NoAlertPresentException:
        return
    text = alert.text
    alert.dismiss()
    pytest.fail(f"a JavaScript alert opened (XSS): {text!r}")


def _search(drv, base: str, words: str) -> None:
    drv.get(base + "/")
    box = WebDriverWait(drv, WAIT_S).until(EC.presence_of_element_located((By.ID, "q")))
    box.clear()
    box.send_keys(words)
    drv.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    # The results page (only it has #summary). Not staleness_of the home page's <html>: asked
    # mid-navigation, chromedriver answers "Node with given id does not belong to the document".
    WebDriverWait(drv, WAIT_S).until(
        lambda d: "q=" in d.current_url and d.find_elements(By.ID, "summary"))


def _shot(drv, name: str, full_page: bool = False, mobile: bool = False) -> Path:
    """A screenshot; full_page grows the emulated viewport to the page height first
    (captureBeyondViewport misplaces right-to-left pages)."""
    path = SHOTS / name
    if full_page:
        width, height, ratio = drv.execute_script(
            "return [window.innerWidth, document.documentElement.scrollHeight, window.devicePixelRatio]")
        drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": min(height, 5000), "deviceScaleFactor": ratio,
                             "mobile": mobile})
        data = drv.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(data["data"]))
        if mobile:
            drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
        else:
            drv.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    else:
        drv.save_screenshot(str(path))
    assert path.stat().st_size > 1000
    return path


def _total(drv) -> int:
    return int(drv.find_element(By.CSS_SELECTOR, "#summary strong").text.replace(",", ""))


def test_arabic_query_facet_and_document(server, driver):
    _search(driver, server, "البيشمركة")
    assert "q=" in driver.current_url
    hits = driver.find_elements(By.CSS_SELECTOR, ".hits .hit")
    assert hits, "no results for an Arabic query"
    marks = driver.find_elements(By.CSS_SELECTOR, ".hits mark")
    assert marks and all(m.text.strip() for m in marks)
    assert any("البيشمركة" in m.text for m in marks)
    # Arabic results run right to left, the query box keeps the query
    assert hits[0].value_of_css_property("direction") == "rtl"
    assert driver.find_element(By.ID, "q").get_attribute("value") == "البيشمركة"
    _no_alert(driver)
    _no_console_errors(driver, "Arabic results")
    _shot(driver, "01-arabic-results.png")
    before = _total(driver)

    # a facet link adds a filter: fewer (or as many) results, the value shown checked
    link = driver.find_element(By.CSS_SELECTOR, ".facet-place a.fv:not(.selected)")
    place = link.find_element(By.CSS_SELECTOR, ".v").text
    link.click()
    WebDriverWait(driver, WAIT_S).until(EC.url_contains("place="))
    selected = driver.find_elements(By.CSS_SELECTOR, ".facet-place a.fv.selected .v")
    assert [s.text for s in selected] == [place]
    assert 0 < _total(driver) <= before
    assert driver.find_elements(By.CSS_SELECTOR, ".chips a")
    _no_console_errors(driver, "facet click")
    _shot(driver, "02-arabic-facet-selected.png")

    # open the first result: full text with the query highlighted
    first = driver.find_element(By.CSS_SELECTOR, ".hits .hit-title a")
    title = first.text
    first.click()
    WebDriverWait(driver, WAIT_S).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".doc-body")))
    assert "/documents/" in driver.current_url
    assert driver.find_element(By.CSS_SELECTOR, ".doc-title").text == title
    assert driver.find_elements(By.CSS_SELECTOR, ".doc-body mark, .doc-title mark")
    assert driver.find_element(By.CSS_SELECTOR, ".doc").value_of_css_property("direction") == "rtl"
    _no_console_errors(driver, "document page")
    _shot(driver, "03-arabic-document.png", full_page=True)


def test_english_query(server, driver):
    _search(driver, server, "oil exports")
    hits = driver.find_elements(By.CSS_SELECTOR, ".hits .hit")
    assert hits
    marks = driver.find_elements(By.CSS_SELECTOR, ".hits mark")
    assert {m.text.lower() for m in marks} & {"oil", "exports"}
    english = [h for h in hits if h.get_attribute("lang") == "en"]
    assert english and english[0].value_of_css_property("direction") == "ltr"
    _no_alert(driver)
    _no_console_errors(driver, "English results")
    _shot(driver, "04-english-results.png")


def test_hostile_documents_do_not_run_script(server, driver):
    _search(driver, server, "هجوم")
    assert driver.find_elements(By.CSS_SELECTOR, ".hits .hit")
    _no_alert(driver)
    driver.find_element(By.CSS_SELECTOR, ".hits .hit-title a").click()
    WebDriverWait(driver, WAIT_S).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".doc-body")))
    _no_alert(driver)
    assert "<script>" in driver.find_element(By.CSS_SELECTOR, ".doc-title").text   # shown as text
    assert not driver.find_elements(By.CSS_SELECTOR, "a.original")                # javascript: URL
    assert driver.find_element(By.CSS_SELECTOR, ".plain-url").text.startswith("javascript:")
    _no_console_errors(driver, "hostile document")


def test_phone_width(server, driver):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        _search(driver, server, "البيشمركة")
        width = driver.execute_script("return document.documentElement.clientWidth")
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 380 and scroll <= width, f"page overflows a phone: {scroll}px > {width}px"
        results = driver.find_element(By.CSS_SELECTOR, ".results").rect
        summary = driver.find_element(By.CSS_SELECTOR, ".refine-label")
        assert summary.rect["y"] + summary.rect["height"] <= results["y"] + 1, \
            "the collapsed Filters come before the results on a phone"
        assert not driver.find_element(By.CSS_SELECTOR, ".facet-place a.fv").is_displayed()
        summary.click()
        place = driver.find_element(By.CSS_SELECTOR, ".facet-place a.fv")
        assert place.is_displayed() and place.rect["y"] < results["y"] + 1000, "filters open at the top"
        summary.click()
        _no_console_errors(driver, "phone results")
        _shot(driver, "05-phone-results.png")
        _shot(driver, "05-phone-results-full.png", full_page=True, mobile=True)
        driver.execute_script("document.querySelector('.facets').scrollIntoView()")
        _shot(driver, "05-phone-facets.png")
        driver.find_element(By.CSS_SELECTOR, ".hits .hit-title a").click()
        WebDriverWait(driver, WAIT_S).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".doc-body")))
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        assert scroll <= width, f"document page overflows a phone: {scroll}px > {width}px"
        _shot(driver, "06-phone-document.png")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("doc_id", ["ar-00", "/data/news/2019/01/peshmerga.txt",
                                    "https://www.example.com/ar/news/2019//تقرير?id=7&x=1#top",
                                    "reports/2019:01/a b%20c.json", "https://example.com/news/"])
def test_document_ids_over_http(server, doc_id):
    """Through waitress (which decodes the path): ids with //, :, ?, #, % and spaces round-trip."""
    import json
    from urllib.parse import quote
    with urllib.request.urlopen(f"{server}/api/documents/{quote(doc_id, safe='/:')}", timeout=10) as r:
        assert json.loads(r.read())["id"] == doc_id
    with urllib.request.urlopen(f"{server}/documents/{quote(doc_id, safe='/:')}", timeout=10) as r:
        assert r.status == 200 and "doc-body" in r.read().decode()


@pytest.mark.parametrize("mobile", [False, True])
def test_error_pages_read_right_to_left(server, driver, mobile):
    """A refused parameter (issue 16): the 400 page of the Arabic interface says it in Arabic
    (issue 20: the English on the English interface), on the desktop and a phone, without
    overflowing."""
    if mobile:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        driver.get(server + "/concordance?width=%3Cscript%3Ealert(1)%3C/script%3E")
        _no_alert(driver)
        lines = driver.find_elements(By.CSS_SELECTOR, "p.message")
        assert len(lines) == 1 and "عدداً صحيحاً" in lines[0].text
        assert driver.execute_script("return getComputedStyle(arguments[0]).direction", lines[0]) == "rtl"
        assert "<script>" in lines[0].text      # shown as text, not run
        width = driver.execute_script("return document.documentElement.clientWidth")
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        assert scroll <= width, f"error page overflows: {scroll}px > {width}px"
        severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"
                  and "status of 400" not in e.get("message", "")]     # the page's own status
        assert not severe, severe
        _shot(driver, f"07-error-400{'-phone' if mobile else ''}.png")
    finally:
        if mobile:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# -- issue 20: right-to-left glitches and a 375 px phone -------------------------------------

def _no_page_scroll(drv, where: str) -> None:
    width = drv.execute_script("return document.documentElement.clientWidth")
    scroll = drv.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width, f"{where} scrolls sideways: {scroll}px > {width}px"


def _one_line(drv, el) -> bool:
    """Every box of an inline element (one per bidi run) on the same line."""
    tops = drv.execute_script("return [...arguments[0].getClientRects()].map(r => r.top)", el)
    return max(tops) - min(tops) < 2


def _dir(drv, el) -> str:
    return drv.execute_script("return getComputedStyle(arguments[0]).direction", el)


@pytest.mark.parametrize("mobile", [False, True])
def test_right_to_left_details(server, driver, mobile):
    """The empty search box reads right to left (typed English left to right); the citation
    keeps the Arabic title apart from the names; the 404 page keeps the quotes around an id."""
    suffix = "-phone" if mobile else ""
    if mobile:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        driver.get(server + "/")
        box = WebDriverWait(driver, WAIT_S).until(EC.presence_of_element_located((By.ID, "q")))
        assert box.get_attribute("dir") == "auto" and _dir(driver, box) == "rtl"
        _shot(driver, f"20-empty-search{suffix}.png")
        box.send_keys("oil")
        assert _dir(driver, box) == "ltr"

        driver.get(server + "/documents/ar-03")
        title = driver.find_element(By.CSS_SELECTOR, ".citation bdi:nth-of-type(1)")
        assert title.text == "تقرير رقم 3 عن العراق والنفط" and _dir(driver, title) == "rtl"
        names = [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".citation bdi")]
        assert "الأناضول" in names and "2018-04-20" in names      # each value on its own
        driver.execute_script("document.querySelector('.cite').scrollIntoView()")
        _shot(driver, f"20-citation{suffix}.png")
        _no_page_scroll(driver, "document page")

        driver.get(server + "/documents/تقرير-مفقود")
        quoted = driver.find_elements(By.CSS_SELECTOR, "p.message bdi")
        assert [q.text for q in quoted] == ["'تقرير-مفقود'"]
        assert driver.find_element(By.CSS_SELECTOR, "p.message").text.startswith("لا توجد وثيقة")
        _shot(driver, f"20-not-found{suffix}.png")
    finally:
        if mobile:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("mobile", [False, True])
def test_charts_tables_and_summaries_fit(server, driver, mobile):
    """Date labels of the histogram never overlap; the trends table and the page never
    scroll sideways on a phone; the concordance summary keeps its phrases whole."""
    suffix = "-phone" if mobile else ""
    if mobile:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        for url, name in (("/?q=" + "العراق" + "&interval=week", "histogram"),
                          ("/trends?q=النفط&q=البيشمركة&q=oil&interval=month", "trends")):
            driver.get(server + url)
            labels = driver.execute_script(
                "return [...document.querySelectorAll('svg.chart .x-label')].map(e => e.getBoundingClientRect())"
                ".filter(r => r.width > 0).map(r => ({x: r.left, width: r.width}))")
            labels.sort(key=lambda r: r["x"])
            assert len(labels) >= 3, name
            for a, b in zip(labels, labels[1:]):
                assert a["x"] + a["width"] <= b["x"], f"{name} date labels overlap: {a} {b}"
            _no_page_scroll(driver, name)
            _shot(driver, f"20-{name}{suffix}.png", full_page=True, mobile=mobile)
            driver.execute_script("document.querySelector('svg.chart').scrollIntoView()")
            _shot(driver, f"20-{name}-chart{suffix}.png")
        wrap = driver.find_element(By.CSS_SELECTOR, ".table-wrap")
        driver.execute_script("arguments[0].scrollIntoView()", wrap)
        _shot(driver, f"20-trends-table{suffix}.png")
        if mobile:
            assert driver.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", wrap), \
                "the trends table scrolls sideways"

        driver.get(server + "/concordance?q=" + "البرلمان")
        summary = driver.find_element(By.ID, "kwic-summary")
        for el in summary.find_elements(By.CSS_SELECTOR, ".nowrap"):
            assert _one_line(driver, el), f"{el.text!r} wraps"
        assert "الصيغ الموجودة" in summary.text and "برلمان" in summary.text
        _no_page_scroll(driver, "concordance")
        _shot(driver, f"20-concordance{suffix}.png")
    finally:
        if mobile:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_stats_page_and_footer(server, driver):
    driver.get(server + "/stats")
    text = driver.find_element(By.CSS_SELECTOR, ".stat-tables").text
    assert "Anadolu Agency" in text and "\nAnadolu\n" not in text
    footer = driver.find_element(By.CSS_SELECTOR, "footer.site").text
    assert "المقالات" in footer and "Iraqi" not in footer and "باللغات: العربية، الإنجليزية" in footer
    assert "corpus index PATH" in footer
    _shot(driver, "20-stats.png", full_page=True)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        driver.get(server + "/stats")
        _no_page_scroll(driver, "stats")
        _shot(driver, "20-stats-phone.png", full_page=True, mobile=True)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# -- issue 20: every page in both interface languages, desktop and a 375 px phone -------------

EVERY_PAGE = [
    ("home", "/"), ("search", "/?q=البيشمركة"), ("search-notice", '/?q="البيشمركة'),
    ("search-none", "/?q=zzzzqqqq&place=أربيل"), ("document", "/documents/ar-03?q=النفط"),
    ("document-en", "/documents/en-00"), ("stats", "/stats"),
    ("trends", "/trends?q=النفط&q=oil&interval=month"), ("concordance", "/concordance?q=البرلمان"),
    ("collocations", "/collocations?q=البيشمركة"), ("error-400", "/?sort=best"),
    ("error-404", "/documents/تقرير-مفقود"), ("map", "/map?q=العراق"), ("entity", "/entities/place/Erbil"),
]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_in_both_interface_languages(server, driver, lang):
    """Each page, chosen by the switch (a cookie), reads in the interface's direction; results
    keep their own; nothing scrolls sideways on a phone. Screenshots: 30-LANG-PAGE[-phone].png."""
    expected = "rtl" if lang == "ar" else "ltr"
    driver.get(server + "/")
    switch = driver.find_element(By.CSS_SELECTOR, ".lang-switch a")
    if driver.find_element(By.TAG_NAME, "html").get_attribute("lang") != lang:
        switch.click()
        WebDriverWait(driver, WAIT_S).until(
            lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang)
    try:
        for mobile in (False, True):
            if mobile:
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
            for name, url in EVERY_PAGE:
                driver.get(server + url)
                html = driver.find_element(By.TAG_NAME, "html")
                assert html.get_attribute("lang") == lang and _dir(driver, html) == expected, name
                assert _dir(driver, driver.find_element(By.CSS_SELECTOR, "main")) == expected, name
                for hit in driver.find_elements(By.CSS_SELECTOR, ".hit[lang], .doc[lang], .kwic-line[lang]"):
                    assert _dir(driver, hit) == ("rtl" if hit.get_attribute("lang") == "ar" else "ltr"), name
                _no_alert(driver)
                _no_page_scroll(driver, f"{name} ({lang}{', phone' if mobile else ''})")
                severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"
                          and "status of 40" not in e.get("message", "")]     # the page's own 400/404
                assert not severe, (name, severe)
                _shot(driver, f"30-{lang}-{name}{'-phone' if mobile else ''}.png", full_page=True, mobile=mobile)
            if mobile:
                driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.get(server + "/lang/ar")         # the other tests read the Arabic interface


@pytest.mark.parametrize("mobile", [False, True], ids=["desktop", "phone"])
def test_map_of_places_mentioned(server, driver, mobile):
    """The map (issue 18): server-drawn SVG under the strict CSP (no console errors), points
    that link to the search filtered by their place, the table of the same counts, the
    entity page behind a place; nothing overflows a phone."""
    driver.get_log("browser")       # what earlier pages logged (their own 4xx) is not this page's
    if mobile:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        driver.get(server + "/map?q=" + urllib.parse.quote("العراق"))
        svg = WebDriverWait(driver, WAIT_S).until(EC.presence_of_element_located((By.CSS_SELECTOR, "svg.map")))
        assert svg.size["width"] > 300 and svg.size["height"] > 150
        points = driver.find_elements(By.CSS_SELECTOR, "svg.map .points a")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.places tbody tr")
        assert points and len(rows) >= len(points)
        width = driver.execute_script("return document.documentElement.clientWidth")
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        assert scroll <= width, f"the map page overflows: {scroll}px > {width}px"
        _no_console_errors(driver, "map page")
        tag = "phone" if mobile else "desktop"
        _shot(driver, f"08-map-{tag}.png", full_page=True, mobile=mobile)
        # the largest point: the search filtered by its place, no more hits than the map counted
        count = int(rows[0].find_element(By.CSS_SELECTOR, "td.n a").text.replace(",", ""))
        assert all("mentioned_place=" in p.get_dom_attribute("href") for p in points)
        rows[0].find_element(By.CSS_SELECTOR, "td.n a").click()
        WebDriverWait(driver, WAIT_S).until(EC.presence_of_element_located((By.ID, "summary")))
        assert "mentioned_place=" in driver.current_url and _total(driver) == count
        # the entity page of the same place
        driver.back()
        WebDriverWait(driver, WAIT_S).until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.places")))
        driver.find_element(By.CSS_SELECTOR, "table.places tbody tr td a").click()
        WebDriverWait(driver, WAIT_S).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".entity-grid")))
        assert "/entities/place/" in driver.current_url
        assert driver.find_elements(By.CSS_SELECTOR, "svg.chart.bars rect.bar")
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        assert scroll <= width, f"the entity page overflows: {scroll}px > {width}px"
        _no_console_errors(driver, "entity page")
        _shot(driver, f"09-entity-{tag}.png", full_page=True, mobile=mobile)
    finally:
        if mobile:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
