"""The documentation pages in a real browser: headless Chromium, no network beyond loopback.

Swagger UI must list every tag and operation of the schema and run a live request with
"Try it out"; ReDoc must render every operation. Screenshots go to `artifacts/`.
"""

import json
import shutil
import tempfile
import time

import pytest

from tests.e2e.support import ARTIFACTS, get_json, schema_operations

pytest.importorskip("selenium", reason="selenium is not installed (pip install selenium)")

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Every host name but loopback fails to resolve: the pages must work offline.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1400,1100",
]  # fmt: skip

WAIT = 20  # seconds for a page or a response to appear


@pytest.fixture(scope="module")
def browser():
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        pytest.skip(
            "Chromium and chromedriver are not installed "
            "(apt-get install -y chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    # Every request the browser makes, to check that nothing leaves the server's origin.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(options=options, service=Service(chromedriver))
        try:
            yield driver
        finally:
            driver.quit()


def open_page(driver, url, ready_selector):
    """Load a page afresh; return the URLs of every request that went out.

    A request the page's Content-Security-Policy blocked never leaves the browser, so it
    is not counted (ReDoc's bundle always asks for a logo from its CDN; the policy stops it).
    """
    driver.get_log("performance")  # drop what earlier pages requested
    driver.get("about:blank")
    driver.get(url)
    WebDriverWait(driver, WAIT).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ready_selector))
    )
    time.sleep(0.5)  # late requests: fonts, images
    sent, blocked = {}, set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message["params"]
        if message["method"] == "Network.requestWillBeSent":
            sent[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.loadingFailed" and params.get("blockedReason") == "csp":
            blocked.add(params["requestId"])
    return [url for request_id, url in sent.items() if request_id not in blocked]


def offsite(requests, base_url):
    """Network requests to anywhere but the server (the browser's own chrome:// pages aside)."""
    network = [url for url in requests if url.startswith(("http:", "https:", "ws:", "wss:"))]
    return sorted({url for url in network if not url.startswith(f"{base_url}/")})


def screenshot(driver, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    assert driver.save_screenshot(str(path)), f"could not write {path}"
    return path


def expected_tags(schema):
    declared = [tag["name"] for tag in schema.get("tags", [])]
    used = [tag for op in schema_operations(schema) for tag in op["tags"]]
    return list(dict.fromkeys(declared + used))


def article_list(schema):
    [found] = [
        op for op in schema_operations(schema)
        if (op["method"], op["path"]) == ("GET", "/api/v1/articles/")
    ]  # fmt: skip
    return f"#operations-{found['tags'][0]}-{found['operation_id']}"


# Swagger UI


@pytest.fixture(scope="module")
def swagger(browser, news_server):
    """The Swagger UI page as first loaded: its requests, tags and operations."""
    requests = open_page(browser, f"{news_server.api}/docs/", ".swagger-ui .opblock")
    tags = browser.execute_script(
        "return [...document.querySelectorAll('.opblock-tag')].map(e => e.dataset.tag)"
    )
    operations = browser.execute_script(
        """return [...document.querySelectorAll('.opblock')].map(e => [
            e.id,
            e.querySelector('.opblock-summary-method').textContent,
            e.querySelector('.opblock-summary-path').dataset.path,
        ])"""
    )
    return {"requests": requests, "tags": tags, "operations": operations}


def test_swagger_ui_lists_every_tag_and_operation(news_server, swagger):
    schema = news_server.schema
    assert swagger["tags"] == expected_tags(schema)
    expected = [
        [f"operations-{tag}-{op['operation_id']}", op["method"], op["path"]]
        for op in schema_operations(schema)
        for tag in op["tags"]
    ]
    assert sorted(swagger["operations"]) == sorted(expected)


def test_swagger_ui_loads_only_from_the_server(news_server, swagger):
    assert offsite(swagger["requests"], news_server.base_url) == []
    assert f"{news_server.api}/schema/" in [url.split("?")[0] for url in swagger["requests"]]


def try_it_out(driver, operation):
    """Expand the operation and switch it to "Try it out"."""
    summary = driver.find_element(By.CSS_SELECTOR, f"{operation} .opblock-summary-control")
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", summary)
    summary.click()
    WebDriverWait(driver, WAIT).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, f"{operation} .try-out__btn"))
    ).click()
    WebDriverWait(driver, WAIT).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, f"{operation} .execute"))
    )


def execute(driver, operation):
    """Press Execute; return the request URL, the status and the response body shown.

    When a response is shown already, this waits for a different request or response, so
    the earlier one is never read by mistake.
    """

    def shown(driver):
        status = driver.find_elements(
            By.CSS_SELECTOR, f"{operation} .live-responses-table .response .response-col_status"
        )
        url = driver.find_elements(By.CSS_SELECTOR, f"{operation} .request-url pre")
        body = driver.find_elements(
            By.CSS_SELECTOR, f"{operation} .live-responses-table .response-col_description pre"
        )
        if not (status and url and body and status[0].is_displayed()):
            return None
        return url[0].text, status[0].text.strip(), body[0].text

    def changed(driver):
        now = shown(driver)
        if now is None or now == earlier:
            return None
        if earlier is not None and now[0] != earlier[0] and now[2] == earlier[2]:
            return None  # the new request's URL is up, its response not yet
        return now

    earlier = shown(driver)
    driver.find_element(By.CSS_SELECTOR, f"{operation} .execute").click()
    wait = WebDriverWait(driver, WAIT, ignored_exceptions=[StaleElementReferenceException])
    return wait.until(changed)


# A parameter's own fields; the "examples" menu only picks a value to fill in.
PARAMETER_FIELDS = "input[type=text], textarea, select:not(.examples-select-element)"


def clear_parameters(driver, operation):
    """Empty every parameter field, as a reader does before choosing their own.

    The fields are React-controlled: each gets its value through the native setter and an
    input or change event, as typing or choosing would send.
    """
    rows = f"{operation} .parameters tr[data-param-name]"
    driver.execute_script(
        """
        const rows = document.querySelectorAll(arguments[0]);
        rows.forEach(row => row.querySelectorAll('.json-schema-form-item-remove')
            .forEach(button => button.click()));
        for (const row of rows) {
            for (const field of row.querySelectorAll(arguments[1])) {
                const prototype = Object.getPrototypeOf(field);
                Object.getOwnPropertyDescriptor(prototype, 'value').set.call(field, '');
                const event = field.tagName === 'SELECT' ? 'change' : 'input';
                field.dispatchEvent(new Event(event, {bubbles: true}));
            }
        }
        """,
        rows,
        PARAMETER_FIELDS,
    )
    leftover = driver.execute_script(
        """return [...document.querySelectorAll(arguments[0])]
            .flatMap(row => [...row.querySelectorAll(arguments[1])])
            .filter(field => field.value !== '').map(field => field.outerHTML)""",
        rows,
        PARAMETER_FIELDS,
    )
    assert leftover == [], "parameters still filled in"


def set_parameter(driver, operation, name, value):
    field = driver.find_element(
        By.CSS_SELECTOR, f"{operation} .parameters tr[data-param-name='{name}'] input"
    )
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(str(value))


@pytest.fixture(scope="module")
def offered(browser, news_server, swagger):
    """The article list run as Swagger UI offers it: expand, Try it out, Execute.

    It goes on from the page `swagger` loaded, and leaves the operation in "Try it out".
    """
    docs = f"{news_server.api}/docs/"
    if not browser.current_url.startswith(docs):
        open_page(browser, docs, ".swagger-ui .opblock")
    operation = article_list(news_server.schema)
    try_it_out(browser, operation)
    request_url, status, body = execute(browser, operation)
    return {"operation": operation, "request_url": request_url, "status": status, "body": body}


def test_swagger_ui_try_it_out_as_offered_shows_articles(offered):
    assert offered["status"] == "200"
    assert json.loads(offered["body"])["results"], "Execute, as offered, found no articles"


def test_swagger_ui_try_it_out_and_execute_lists_articles(browser, news_server, offered):
    operation = offered["operation"]
    clear_parameters(browser, operation)
    set_parameter(browser, operation, "page_size", 5)
    request_url, status, body = execute(browser, operation)

    assert request_url == f"{news_server.api}/articles/?page_size=5"
    assert status == "200"
    page = json.loads(body)
    # Real articles, newest first (other tests of the module may add some meanwhile).
    stored = get_json(f"{news_server.api}/articles/?page_size=50")
    headlines = [a["headline"] for a in stored["results"]]
    assert {a["headline"] for a in page["results"]} <= set(headlines)
    published = [a["published_at"] for a in page["results"]]
    assert published == sorted(published, reverse=True)
    assert len(page["results"]) == 5
    assert page["next"]
    assert all(article["regions"] for article in page["results"])

    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'start'})",
        browser.find_element(By.CSS_SELECTOR, f"{operation} .responses-wrapper"),
    )
    screenshot(browser, "docs-swagger.png")


# ReDoc


@pytest.fixture(scope="module")
def redoc(browser, news_server):
    """The ReDoc page as first loaded: its requests, sections, menu and title."""
    url = f"{news_server.api}/redoc/"
    requests = open_page(browser, url, "[data-section-id^='operation/']")
    sections = browser.execute_script(
        "return [...document.querySelectorAll('[data-section-id]')].map(e => e.dataset.sectionId)"
    )
    menu = browser.find_element(By.CSS_SELECTOR, ".menu-content").get_attribute("textContent")
    title = browser.find_element(By.TAG_NAME, "h1").text
    return {
        "url": url,
        "requests": requests,
        "sections": set(sections),
        "menu": menu,
        "title": title,
    }


def test_redoc_renders_every_tag_and_operation(browser, news_server, redoc):
    schema = news_server.schema
    missing_tags = [tag for tag in expected_tags(schema) if f"tag/{tag}" not in redoc["sections"]]
    missing_operations = [
        op["operation_id"]
        for op in schema_operations(schema)
        if f"operation/{op['operation_id']}" not in redoc["sections"]
    ]
    assert missing_tags == []
    assert missing_operations == []
    for item in schema["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and "summary" in op:
                assert op["summary"] in redoc["menu"]
    assert schema["info"]["title"] in redoc["title"]

    # The article list, as a reader reaches it from the menu.
    listing = next(
        op for op in schema_operations(schema)
        if (op["method"], op["path"]) == ("GET", "/api/v1/articles/")
    )  # fmt: skip
    if not browser.current_url.startswith(redoc["url"]):
        open_page(browser, redoc["url"], "[data-section-id^='operation/']")
    item = browser.find_element(
        By.CSS_SELECTOR,
        f"[data-item-id='tag/{listing['tags'][0]}/operation/{listing['operation_id']}']",
    )
    browser.execute_script("arguments[0].click()", item)
    WebDriverWait(browser, WAIT).until(
        lambda driver: driver.current_url.endswith(f"/operation/{listing['operation_id']}")
    )
    time.sleep(0.5)  # the smooth scroll to the operation
    screenshot(browser, "docs-redoc.png")


def test_redoc_loads_only_from_the_server(news_server, redoc):
    assert offsite(redoc["requests"], news_server.base_url) == []


# Both pages


def test_every_operation_sits_under_a_declared_tag(news_server):
    schema = news_server.schema
    declared = {tag["name"] for tag in schema["tags"]}
    operations = schema_operations(schema)
    assert {tag for op in operations for tag in op["tags"]} <= declared
    assert declared <= {tag for op in operations for tag in op["tags"]}, "a declared tag is empty"
