"""Accessibility: axe-core (bundled in the axe-core-python wheel, injected by the test) on every
screen with no serious or critical violation; the cashier's screen usable with the keyboard alone."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys


CONTROLS = "button, input, select, textarea, a[href], [tabindex]:not([tabindex='-1'])"


def visible_controls(screen) -> set[str]:
    """data-testid of every visible, enabled control on the page."""
    return set(
        screen.driver.execute_script(
            """
            return [...document.querySelectorAll(arguments[0])]
              .filter(e => e.offsetParent !== null && !e.disabled && e.closest('[data-testid]'))
              .map(e => e.dataset.testid || e.closest('[data-testid]').dataset.testid);
            """,
            CONTROLS,
        )
    )


def tab_through(screen, limit: int = 80) -> list[str]:
    """Presses Tab from the top of the page; the data-testid (or tag) of each element focused."""
    screen.driver.execute_script("document.activeElement && document.activeElement.blur(); window.focus()")
    reached = []
    for _ in range(limit):
        ActionChains(screen.driver).send_keys(Keys.TAB).perform()
        focused = screen.driver.execute_script(
            "const e = document.activeElement; if (!e || e === document.body) return null;"
            "const t = e.closest('[data-testid]'); return t ? t.dataset.testid : e.tagName.toLowerCase()"
        )
        if reached and focused == reached[0]:
            break  # around once
        reached.append(focused)
    return reached


def test_cashier_screens_have_no_serious_accessibility_violations(cashier, desktop, api, store, other_store, till, customer):
    user, card = customer("Татьяна")
    cashier.open()
    desktop.visible("signin")
    desktop.assert_accessible("cashier sign-in")
    cashier.sign_in(store.key)
    desktop.assert_accessible("cashier idle")
    cashier.find_customer(card)
    desktop.assert_accessible("cashier customer found")
    cashier.enter_amount("500")
    cashier.choose("earn")
    desktop.assert_accessible("cashier preview")
    cashier.confirm()
    desktop.wait_state("success")
    desktop.assert_accessible("cashier success")
    cashier.done()

    cashier.find_customer(card)
    cashier.enter_amount("2000")
    cashier.choose("redeem")
    api.redeem(other_store, card, "2000.00", 400)  # spent elsewhere meanwhile: the confirm is refused
    cashier.confirm()
    desktop.wait_state("error")
    desktop.assert_accessible("cashier error")


def test_portal_and_profile_have_no_serious_accessibility_violations(phone, api, customer):
    user, card = customer("Наталья")
    phone.open(f"/#{user.hash_fragment}")
    phone.visible("card-number")
    phone.wait(lambda _: len(phone.find_all("history-item")) > 0, "the history")
    phone.assert_accessible("portal")
    phone.open(f"/profile#{user.hash_fragment}")
    phone.visible("profile-name")
    phone.assert_accessible("profile")
    newcomer = api.telegram_user("Новичок", "ru")
    phone.open(f"/#{newcomer.hash_fragment}")
    phone.visible("register")
    phone.assert_accessible("portal registration")


def test_tab_reaches_every_control_of_the_cashier_screen(cashier, desktop, store, customer):
    user, card = customer("Галина")
    cashier.sign_in(store.key)
    controls = visible_controls(desktop)
    assert {f"key-{d}" for d in range(10)} | {"key-back", "key-clear"} <= controls, controls
    missed = controls - set(tab_through(desktop))
    assert not missed, f"not reachable with Tab on the idle screen: {sorted(missed)}"

    cashier.find_customer(card)
    cashier.enter_amount("300")
    cashier.choose("earn")
    controls = visible_controls(desktop)
    assert {"amount", "op-redeem", "op-earn", "confirm"} <= controls, controls
    missed = controls - set(tab_through(desktop))
    assert not missed, f"not reachable with Tab with a customer and a preview: {sorted(missed)}"


def test_the_keypad_works_with_the_keyboard(cashier, desktop, store, customer):
    user, card = customer("Людмила")
    cashier.sign_in(store.key)
    driver = desktop.driver
    for digit in card:
        # Tab to the digit's key, then press it with Enter (Space for the others, as a button takes both).
        for _ in range(60):
            ActionChains(driver).send_keys(Keys.TAB).perform()
            if driver.execute_script("return document.activeElement.dataset.testid") == f"key-{digit}":
                break
        else:
            raise AssertionError(f"key-{digit} never got the focus")
        ActionChains(driver).send_keys(Keys.ENTER if int(digit) % 2 else Keys.SPACE).perform()
    desktop.wait_state("customer_found", "ready")
    assert desktop.visible("customer-name").text == "Людмила"
