"""Fixtures of the browser tests. The platform is already running (infra/browser/run.sh started it);
these create stores and customers through its API, start a pos-agent, and open Chromium."""

import os
from pathlib import Path

import pytest

from support.agent import PosAgent
from support.api import Api, env
from support.browser import DESKTOP, PHONE, Screen, new_driver, screenshot_dir
from support.cashier import CashierScreen

ROOT = Path(env("BROWSER_ROOT", str(Path(__file__).resolve().parents[2])))
# How long 1C has to take discount.txt: long enough for a test to delete it, short enough that
# waiting for "failed" is quick.
CONSUME_TIMEOUT_MS = 5000


@pytest.fixture(scope="session")
def gateway_url() -> str:
    return f"http://127.0.0.1:{env('GATEWAY_PORT')}"


@pytest.fixture(scope="session")
def api(gateway_url) -> Api:
    return Api(gateway_url, env("JWT_SECRET"), env("TELEGRAM_BOT_TOKEN"))


@pytest.fixture(scope="session")
def store(api):
    """The store whose till the tests stand at (its pos-agent runs for the whole session)."""
    return api.create_store("Магазин на Ленина")


@pytest.fixture(scope="session")
def other_store(api):
    return api.create_store("Магазин на Мира")


@pytest.fixture(scope="session")
def agent(api, store, gateway_url):
    build_dir = Path(env("BROWSER_BUILD_DIR", str(ROOT / ".build" / "debug")))
    till = PosAgent(
        executable=str(build_dir / "pos-agent"),
        port=int(env("BROWSER_AGENT_PORT")),
        backend_url=gateway_url,
        store=store,
        log_dir=ROOT / ".data" / "browser" / "logs",
        consume_timeout_ms=CONSUME_TIMEOUT_MS,
    )
    yield till
    till.stop()


@pytest.fixture
def till(agent):
    """The agent with no open receipt and no discount in flight, before and after the test."""
    agent.close_receipt()
    agent.wait_idle()
    yield agent
    agent.discount_file.unlink(missing_ok=True)
    agent.close_receipt()
    agent.wait_idle()


@pytest.fixture(scope="session")
def shots() -> Path:
    return screenshot_dir(ROOT)


@pytest.fixture(scope="session")
def _driver_ru():
    driver = new_driver("ru-RU,ru")
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def _driver_en():
    driver = new_driver("en-US,en")
    yield driver
    driver.quit()


def _screen(request, driver, gateway_url, shots, size, mobile):
    screen = Screen(driver, gateway_url, shots)
    screen.reset()
    screen.viewport(size, mobile=mobile)
    yield screen
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        failures = ROOT / ".data" / "browser" / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(failures / f"{request.node.name}.png"))
        print(f"\nthe page at the failure: {screen.describe()}\nscreenshot: {failures / (request.node.name + '.png')}")


@pytest.fixture
def desktop(request, _driver_ru, gateway_url, shots):
    """A tab at the till's screen size (1260×800), Accept-Language ru."""
    yield from _screen(request, _driver_ru, gateway_url, shots, DESKTOP, False)


@pytest.fixture
def desktop_en(request, _driver_en, gateway_url, shots):
    """A tab at the till's screen size, Accept-Language en."""
    yield from _screen(request, _driver_en, gateway_url, shots, DESKTOP, False)


@pytest.fixture
def phone(request, _driver_ru, gateway_url, shots):
    """A tab at a phone's size (390×844), Accept-Language ru."""
    yield from _screen(request, _driver_ru, gateway_url, shots, PHONE, True)


@pytest.fixture
def cashier(desktop) -> CashierScreen:
    return CashierScreen(desktop)


@pytest.fixture
def customer(api, store):
    """A registered customer with 400 points (earned on 10 000 ₽ at the store); (user, card)."""

    def make(name: str = "Ольга Петрова", earn: str | None = "10000.00", language_code: str = "ru"):
        user = api.telegram_user(name, language_code)
        card = api.register(user)
        if earn:
            api.earn(store, card, earn)
        return user, card

    return make


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


def pytest_report_header(config):
    return [f"gateway: 127.0.0.1:{os.environ.get('GATEWAY_PORT')}, screenshots: {screenshot_dir(ROOT)}"]
