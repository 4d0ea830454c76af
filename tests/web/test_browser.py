"""`sendkit serve` in a real browser: Debian's Chromium driven by Playwright, axe-core in every page.

Skipped when /usr/bin/chromium or playwright is missing on a developer's machine; `.ci/run` installs
Chromium so CI always runs them. Screenshots at 1280 and 390 px go to tests/web/screenshots/ (not in
git) for a person to look at.
"""

from __future__ import annotations

import shutil
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from .conftest import EXAMPLES

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HERE = Path(__file__).resolve().parent
SHOTS = HERE / "screenshots"
AXE = HERE / "axe.min.js"

playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it",
                allow_module_level=True)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from werkzeug.serving import make_server

    from toolkit.web import create_app, start_url

    folder = tmp_path_factory.mktemp("schools")
    shutil.copy(EXAMPLES / "oakfield-primary.yaml", folder / "oakfield-primary.yaml")
    app = create_app({"FOLDER": folder, "AS_OF": date(2026, 10, 1)})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    yield {"base": base, "start": base + start_url(app), "folder": folder}
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    # bypass_csp lets the test inject axe-core; the app's own pages never need it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(server["start"])
    yield tab
    context.close()


def axe_violations(tab) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    tab.add_script_tag(path=str(AXE))
    found = tab.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def look(tab, name: str) -> None:
    """Screenshots at desktop and phone widths, axe-core at both, and the page no wider than the screen."""
    SHOTS.mkdir(exist_ok=True)
    problems = []
    for width in (1280, 390):
        tab.set_viewport_size({"width": width, "height": 900})
        tab.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        problems += [dict(v, width=width) for v in axe_violations(tab)]
        wide = tab.evaluate("document.documentElement.scrollWidth")
        if wide > width:  # a long address or a table widening the page: a phone scrolls sideways
            problems.append({"id": "page-wider-than-the-screen", "width": width, "scroll_width": wide})
    tab.set_viewport_size({"width": 1280, "height": 900})
    assert problems == [], f"{name}: {problems}"


# The smallest complete report: every answer `sendkit validate` asks for, and every fact the documents
# need (the SENCO's email or phone, one SENDIASS contact). Keys are the form's field names (the schema's
# paths). tests/web/test_headteacher.py shows that leaving out any one of them leaves the report incomplete.
MINIMAL_ANSWERS: list[tuple[str, dict[str, str]]] = [
    ("school", {"school.urn": "123456", "school.type": "maintained", "school.phase": "primary",
                "school.local_authority": "Northshire County Council",
                "school.website": "https://www.elm-tree.example.sch.uk"}),
    ("people.headteacher", {"people.headteacher.name": "Mrs Amina Head"}),
    ("people.senco", {"people.senco.name": "Mr Ben Carter", "people.senco.email": "senco@elm-tree.example.sch.uk",
                      "people.senco.qualification": "npq-senco"}),
    ("people.sen_governor", {"people.sen_governor.name": "Mr Colin Reed"}),
    ("people.designated_teacher", {"people.designated_teacher.name": "Ms Dana Fox"}),
    ("provision", {"provision.adaptations": "Visual timetables", "provision.additional_support": "Small-group teaching",
                   "provision.extra_curricular": "Every club is open to every child",
                   "provision.equipment_facilities": "Sensory room",
                   "provision.accessibility_features": "Step-free access"}),
    ("provision.areas_of_need", {"provision.areas_of_need.0.area": "cognition-and-learning",
                                 "provision.areas_of_need.0.examples": "dyslexia"}),
    ("provision.emotional_social_support", {"provision.emotional_social_support.0.name": "Nurture group"}),
    ("partners.specialist_services", {"partners.specialist_services.0.name": "Educational psychology service"}),
    ("partners.health", {"partners.health.0.name": "School nursing team"}),
    ("partners.social_care", {"partners.social_care.0.name": "Children's services"}),
    ("local_offer", {"local_offer.url": "https://www.northshire.example.gov.uk/localoffer"}),
    ("sendiass", {"sendiass.name": "Northshire SENDIASS", "sendiass.phone": "01632 960300"}),
    ("transition", {"transition.joining": "Visits before starting", "transition.moving_on": "Meetings with the new school"}),
    ("admissions", {"admissions.authority": "the local authority"}),
    ("staff_training", {"staff_training.whole_staff": "Autism awareness"}),
    ("accessibility_plan", {"accessibility_plan.url": "https://www.elm-tree.example.sch.uk/access",
                            "accessibility_plan.adopted-day": "1", "accessibility_plan.adopted-month": "9",
                            "accessibility_plan.adopted-year": "2025", "accessibility_plan.next_review-day": "1",
                            "accessibility_plan.next_review-month": "9", "accessibility_plan.next_review-year": "2028"}),
    ("policy", {"policy.approved_by": "the full governing body", "policy.approved_on-day": "15",
                "policy.approved_on-month": "9", "policy.approved_on-year": "2026"}),
    ("report", {"report.published-day": "15", "report.published-month": "9", "report.published-year": "2026"}),
]


def fill(tab, answers: dict[str, str]) -> None:
    for name, value in answers.items():
        field = tab.locator(f'[name="{name}"]')
        if field.count() > 1 or field.first.get_attribute("type") == "radio":
            tab.check(f'input[name="{name}"][value="{value}"]')
        elif field.first.evaluate("e => e.tagName") == "SELECT":
            field.first.select_option(value)
        else:
            field.first.fill(value)


def test_blank_profile_to_a_complete_report_downloaded_as_pdf(page, server):
    started = time.perf_counter()
    page.goto(server["base"] + "/")
    look(page, "home")
    page.fill("#school_name", "Elm Tree Primary School")
    page.check('input[name="start_from"][value="blank"]')
    page.click("button:has-text('Start')")
    page.wait_for_url("**/school/elm-tree-primary/")
    assert page.locator("text=Cannot start yet").count() > 0
    look(page, "tasks-blank")
    questions = 0
    for page_id, answers in MINIMAL_ANSWERS:
        page.goto(f"{server['base']}/school/elm-tree-primary/page/{page_id}")
        fill(page, answers)
        questions += len({n.rsplit("-", 1)[0] if n.endswith(("-day", "-month", "-year")) else n for n in answers})
        page.click("button:has-text('Save and continue')")
        assert page.locator(".govuk-error-summary").count() == 0, (page_id, page.content()[:2000])
    page.goto(f"{server['base']}/school/elm-tree-primary/")
    body = page.inner_text("main")
    assert "You have completed 10 of 10 sections" in body
    assert "To complete" not in body and "Missing" not in body, body[:3000]
    look(page, "tasks-complete")
    with page.expect_download() as info:
        page.click("a:has-text('PDF'):near(:text('SEN information report'))")
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-") and download.suggested_filename == "sen-information-report.pdf"
    (SHOTS / "walk.txt").write_text(f"{questions} questions answered; blank to PDF in "
                                    f"{time.perf_counter() - started:.1f} s (browser, test speed)\n")
    assert questions == 35


def test_an_uploaded_document_shows_its_verdicts(page, server):
    page.goto(server["base"] + "/check")
    look(page, "check")
    report = page.request.get(server["base"] + "/school/oakfield-primary/preview/sen-information-report").body()
    upload = server["folder"] / "report-to-check.html"
    upload.write_bytes(report)
    page.set_input_files("#document", str(upload))
    page.click("button:has-text('Check the document')")
    page.wait_for_selector("h1:has-text('What this document covers')")
    assert "report-to-check.html" in page.inner_text("main")
    assert page.locator("h2:has-text('Present')").count() == 1
    look(page, "check-results")
    with page.expect_download() as info:
        page.click("text=Download the results (JSON)")
    assert b'"documents"' in Path(info.value.path()).read_bytes()


def test_a_wrong_answer_is_shown_in_the_error_summary(page, server):
    page.goto(server["base"] + "/school/oakfield-primary/page/people.senco")
    look(page, "question")
    page.fill('[name="people.senco.email"]', "not-an-email")
    page.click("button:has-text('Save and continue')")
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1 and "is not valid" in summary.inner_text()
    # GOV.UK Frontend's script moves focus to the summary, and its link to the field
    # (once the module script has run: on a loaded machine the click returns before it has)
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')", timeout=30_000)
    look(page, "question-error")
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.name") == "people.senco.email"


def test_a_pupil_list_uploaded_and_the_letters_zip_downloaded(page, server):
    page.goto(server["base"] + "/school/oakfield-primary/reviews")
    look(page, "reviews")
    page.set_input_files("#pupils", str(EXAMPLES / "oakfield-primary-pupils.csv"))
    page.click("button:has-text('Schedule the reviews')")
    page.wait_for_selector("text=scheduled, soonest action first", timeout=180_000)
    assert "OPS001" in page.inner_text("main")
    look(page, "reviews-schedule")
    with page.expect_download() as info:
        page.click("a:has-text('All letters')")
    import zipfile

    names = zipfile.ZipFile(info.value.path()).namelist()
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".docx") for n in names)
    page.click("button:has-text('Forget these pupils now')")
    assert "OPS001" not in page.inner_text("main")


def test_the_task_list_works_from_the_keyboard_alone(page, server):
    page.goto(server["base"] + "/school/oakfield-primary/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    for _ in range(40):  # Tab through the page to the People task
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "People":
            break
    else:
        pytest.fail("the People task cannot be reached with Tab")
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                            "getComputedStyle(document.activeElement).backgroundColor")
    assert focused.split()[0] != "none" or "255, 221, 0" in focused  # the GOV.UK yellow focus state
    page.keyboard.press("Enter")
    page.wait_for_url("**/task/people")
    # Change the headteacher's name from the keyboard and save with Enter
    page.goto(server["base"] + "/school/oakfield-primary/page/people.headteacher")
    page.keyboard.press("Tab")  # skip link
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "people.headteacher.name":
            break
    page.keyboard.press("Control+A")
    page.keyboard.type("Mr Daniel Okafor-Smith")
    page.keyboard.press("Enter")
    page.wait_for_url("**/page/people.senco")
    text = (server["folder"] / "oakfield-primary.yaml").read_text()
    assert "name: Mr Daniel Okafor-Smith" in text


def test_other_pages_have_no_serious_accessibility_problems(page, server):
    base = server["base"]
    for path, name in (("/school/oakfield-primary/task/people", "task-summary"),
                       ("/school/oakfield-primary/page/provision.interventions", "add-another"),
                       ("/school/oakfield-primary/page/accessibility_plan", "dates"),
                       ("/school/oakfield-primary/page/no-such-page", "not-found")):
        page.goto(base + path)
        look(page, name)


def test_a_letterhead_uploaded_and_the_word_download_written_into_it(page, server, tmp_path):
    import docx

    from .test_letterhead import letterhead_bytes

    page.goto(server["base"] + "/school/oakfield-primary/")
    page.click("a:has-text('Use your school’s letterhead in Word files')")
    page.wait_for_url("**/school/oakfield-primary/letterhead")
    look(page, "letterhead")
    renamed = tmp_path / "letterhead.docx"
    renamed.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n")
    page.set_input_files("#letterhead", str(renamed))
    page.click("button:has-text('Upload and use this letterhead')")
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1 and "it is a PDF, not a Word file" in summary.inner_text()
    assert page.locator("#letterhead-error").count() == 1  # beside the field too
    look(page, "letterhead-error")
    good = tmp_path / "Oakfield letterhead.docx"
    good.write_bytes(letterhead_bytes("Oakfield Primary School letterhead"))
    page.set_input_files("#letterhead", str(good))
    page.click("button:has-text('Upload and use this letterhead')")
    page.wait_for_selector("text=Your letterhead is saved")
    assert "oakfield-primary-letterhead.docx" in page.inner_text("main")
    look(page, "letterhead-saved")
    with page.expect_download() as info:
        page.click("a:has-text('SEND policy as a Word file')")
    built = docx.Document(info.value.path())
    assert built.sections[0].header.paragraphs[0].text == "Oakfield Primary School letterhead"
    page.click("button:has-text('Stop using this letterhead')")
    page.wait_for_selector("text=now use sendkit's own styles")
    assert "word_template" not in (server["folder"] / "oakfield-primary.yaml").read_text()


def test_pages_show_the_documents_typeface_under_the_apps_own_csp(browser, server):
    """Without @font-face rules the app's pages fell back to another face on a machine without Atkinson
    Hyperlegible installed (CI's has none). A context that keeps the Content-Security-Policy (the other
    tests bypass it to inject axe-core) also shows that nothing on the page is refused by it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    refused = []
    tab.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    try:
        tab.goto(server["start"])
        tab.goto(server["base"] + "/school/oakfield-primary/")
        loaded = tab.evaluate("""async () => {
            await document.fonts.ready;
            return [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Atkinson Hyperlegible'
                                                   && f.status === 'loaded').map(f => f.weight);
        }""")
        assert "400" in loaded and "700" in loaded, loaded
        body = tab.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert body.startswith('"Atkinson Hyperlegible"'), body
        # the preview frame shows the report with its own inlined fonts, as the published page will
        tab.locator("iframe.sk-preview").first.wait_for()
        preview = tab.locator("iframe.sk-preview").first.element_handle().content_frame()
        preview.wait_for_load_state()
        in_preview = preview.evaluate("""async () => {
            await document.fonts.ready;
            return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/"/g, ''));
        }""")
        assert "Atkinson Hyperlegible" in in_preview, in_preview
        assert refused == []
    finally:
        context.close()


def test_warnings_and_an_address_asked_once_in_the_browser(page, server):
    """A school started from an example with a second complaints address: the warnings on the task list,
    the question pages and check your answers, in the browser and with axe-core at both widths; the
    warning's link opens the page with the box; clearing the box puts it right."""
    from .test_headteacher import OLD_COMPLAINTS, started_from_example

    started_from_example(server["folder"])
    base = server["base"] + "/school/hazel-grove-primary"
    try:
        page.goto(base + "/")
        warnings = page.locator(".sk-warnings a")
        assert warnings.count() == 2
        look(page, "warnings-tasks")
        page.click(".sk-warnings a:has-text('Complaints policy')")
        page.wait_for_url("**/page/policies#f-policies-complaints")
        assert page.input_value('[name="policies.complaints"]') == OLD_COMPLAINTS
        assert page.locator("#f-policies-complaints-hint .sk-warning").count() == 1
        look(page, "warnings-policies")
        page.goto(base + "/task/your-school")
        look(page, "warnings-task-summary")
        page.goto(base + "/page/provision.interventions")
        assert page.locator("#f-provision-interventions-1-name-hint").count() == 0
        look(page, "add-another-hints-once")
        page.goto(base + "/page/policies")
        page.fill('[name="policies.complaints"]', "")
        page.click("button:has-text('Save and continue')")
        page.goto(base + "/")
        assert page.locator(".sk-warnings a").count() == 1
        import socket

        with socket.socket() as s:  # a port nothing listens on
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        page.goto(server["base"] + "/check")
        page.fill("#url", f"http://127.0.0.1:{port}/report.html")
        page.click("button:has-text('Check the document')")
        assert page.locator("#url-error").count() == 1
        look(page, "check-dead-address")
    finally:
        (server["folder"] / "hazel-grove-primary.yaml").unlink()
