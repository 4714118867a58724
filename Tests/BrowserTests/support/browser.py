"""Headless Chromium (Debian's, through Debian's chromium-driver) and the page helpers of the tests."""

import json
import os
import shutil
from pathlib import Path

from axe_core_python.selenium import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

DESKTOP = (1260, 800)  # the till's screen
PHONE = (390, 844)  # a customer's phone, inside Telegram

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def new_driver(accept_language: str = "ru-RU,ru") -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.add_argument("--headless=new")
    # Root (CI) cannot use Chromium's sandbox; /dev/shm is small in containers.
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--disable-gpu")
    options.add_argument("--hide-scrollbars")
    options.add_argument("--no-first-run")
    options.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
    options.add_argument("--lang=" + accept_language.split(",")[0])
    options.add_experimental_option("prefs", {"intl.accept_languages": accept_language})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_script_timeout(30)
    return driver


def by_testid(name: str) -> tuple[str, str]:
    return By.CSS_SELECTOR, f'[data-testid="{name}"]'


class Screen:
    """One browser tab in a test: navigation, waits on the DOM contract (data-testid), screenshots, axe."""

    def __init__(self, driver: webdriver.Chrome, base_url: str, screenshot_dir: Path, timeout: float = 15):
        self.driver = driver
        self.base_url = base_url.rstrip("/")
        self.screenshot_dir = screenshot_dir
        self.timeout = timeout

    # ---- viewport and navigation ----

    def viewport(self, size: tuple[int, int], mobile: bool = False):
        width, height = size
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )

    def open(self, path: str):
        self.driver.get(self.base_url + path)

    def reset(self):
        """Forgets everything a previous test left: storage, cookies, the page."""
        self.driver.get("about:blank")
        self.driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": self.base_url, "storageTypes": "all"})
        self.driver.delete_all_cookies()
        self.driver.get_log("browser")  # drains the console

    # ---- the DOM contract ----

    def find(self, testid: str):
        return self.driver.find_element(*by_testid(testid))

    def find_all(self, testid: str):
        return self.driver.find_elements(*by_testid(testid))

    def wait(self, condition, message: str, timeout: float | None = None):
        try:
            return WebDriverWait(self.driver, timeout or self.timeout, poll_frequency=0.05).until(condition)
        except TimeoutException:
            raise AssertionError(f"{message} (waited {timeout or self.timeout}s); {self.describe()}") from None

    def visible(self, testid: str, timeout: float | None = None):
        return self.wait(EC.visibility_of_element_located(by_testid(testid)), f"{testid} visible", timeout)

    def clickable(self, testid: str, timeout: float | None = None):
        return self.wait(EC.element_to_be_clickable(by_testid(testid)), f"{testid} clickable", timeout)

    def click(self, testid: str):
        self.clickable(testid).click()

    def state(self) -> str:
        return self.driver.execute_script("return document.body && document.body.dataset.state || ''")

    def wait_state(self, *states: str, timeout: float | None = None):
        self.wait(lambda _: self.state() in states, f"body data-state in {states}", timeout)
        return self.state()

    def wait_attribute(self, testid: str, attribute: str, value: str, timeout: float | None = None):
        def matches(driver):
            elements = driver.find_elements(*by_testid(testid))
            return bool(elements) and elements[0].get_attribute(attribute) == value

        self.wait(matches, f"{testid} with {attribute}={value!r}", timeout)

    def wait_text(self, testid: str, predicate, message: str, timeout: float | None = None):
        def matches(driver):
            elements = driver.find_elements(*by_testid(testid))
            return bool(elements) and elements[0].is_displayed() and predicate(elements[0].text)

        self.wait(matches, message, timeout)
        return self.find(testid).text

    def value(self, testid: str) -> int:
        """The raw integer a number element carries in data-value."""
        return int(self.find(testid).get_attribute("data-value"))

    def wait_value(self, testid: str, expected: int, timeout: float | None = None):
        def matches(driver):
            elements = driver.find_elements(*by_testid(testid))
            return bool(elements) and elements[0].get_attribute("data-value") == str(expected)

        self.wait(matches, f"{testid} data-value={expected}", timeout)

    def describe(self) -> str:
        """What the page looks like now, for failure messages."""
        try:
            state = self.state()
            errors = [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
            error_text = ""
            shown = self.driver.find_elements(*by_testid("error-message")) + self.driver.find_elements(*by_testid("signin-error"))
            error_text = "; ".join(e.text for e in shown if e.is_displayed())
            return f"url={self.driver.current_url} state={state!r} shown errors={error_text!r} console={errors[-8:]}"
        except Exception as problem:  # the description must never hide the real failure
            return f"(page not describable: {problem})"

    # ---- screenshots ----

    def screenshot(self, name: str):
        """Saves `name`.png (under docs/screenshots with UPDATE_SCREENSHOTS=1, else .data/screenshots)."""
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        # Focus rings and the text caret would make every run's picture differ.
        self.driver.execute_script("document.activeElement && document.activeElement.blur && document.activeElement.blur()")
        self.driver.save_screenshot(str(self.screenshot_dir / f"{name}.png"))

    # ---- accessibility ----

    def assert_accessible(self, screen_name: str):
        """axe-core's WCAG 2 A/AA rules on the page: no serious or critical violation."""
        results = Axe().run(self.driver, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        # The lesser ones are printed (pytest -s or -rP shows them) but do not fail the test.
        for violation in results["violations"]:
            if violation not in bad:
                print(f"axe on {screen_name}: {violation['id']} ({violation['impact']}): {violation['help']} {[n['target'] for n in violation['nodes'][:3]]}")
        if bad:
            lines = [f"axe on {screen_name}: {len(bad)} serious/critical violation(s)"]
            for violation in bad:
                lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
                for node in violation["nodes"][:5]:
                    lines.append(f"    {node['target']}: {node.get('failureSummary', '').replace(chr(10), ' ')}")
            raise AssertionError("\n".join(lines))
        return results


def screenshot_dir(root: Path) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        return root / "docs" / "screenshots"
    return root / ".data" / "screenshots"


def console_errors(driver) -> list[str]:
    return [json.dumps(entry) for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
