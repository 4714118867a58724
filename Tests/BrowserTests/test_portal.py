"""The customer portal (/ and /profile) on a phone, opened as Telegram opens a Mini App: initData in
the URL's hash (#tgWebAppData=…), without Telegram's script."""

import shutil
import subprocess
import tempfile

import pytest

from support.browser import PHONE


def open_portal(phone, user, path: str = "/"):
    phone.open(f"{path}#{user.hash_fragment}")


def decode_qr(png: bytes) -> str | None:
    """The text of the QR code in a PNG (zbarimg), or None when zbar-tools is missing."""
    if not shutil.which("zbarimg"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".png") as image:
        image.write(png)
        image.flush()
        result = subprocess.run(["zbarimg", "--quiet", "--raw", image.name], capture_output=True, text=True, timeout=30)
    return result.stdout.strip()


def test_outside_telegram_the_portal_says_to_open_it_in_telegram(phone):
    phone.open("/")
    phone.visible("open-in-telegram")
    assert not phone.find_all("card-number") or not phone.find("card-number").is_displayed()


def test_a_new_customer_registers_and_gets_a_card_with_its_qr_code(phone, api):
    user = api.telegram_user("Светлана", "ru")
    open_portal(phone, user)
    phone.visible("register")
    phone.screenshot("portal-register")
    phone.click("register")

    number = phone.wait_text("card-number", lambda text: len("".join(c for c in text if c.isdigit())) == 6, "a 6-digit card number")
    card = "".join(c for c in number if c.isdigit())
    assert api.register(user) == card, "the card the page shows is the user's card (one per Telegram user)"
    phone.wait_value("balance", 0)

    qr = phone.visible("card-qr")
    source = qr.get_attribute("src") or qr.get_attribute("data") or ""
    if qr.tag_name.lower() != "svg":
        assert f"/qr/{card}.svg" in source, f"the QR image is the gateway's SVG of the card, not {source!r}"
    status, headers, body = api.raw(f"/qr/{card}.svg")
    assert status == 200 and headers.get("Content-Type", "").startswith("image/svg+xml"), (status, dict(headers))
    assert body.lstrip().startswith(("<svg", "<?xml"))
    phone.wait(lambda d: d.execute_script("const e = arguments[0]; return e.tagName.toLowerCase() === 'svg' || e.complete && e.naturalWidth > 0", qr), "the QR image loaded")
    decoded = decode_qr(qr.screenshot_as_png)
    assert decoded is not None, "zbarimg is missing: make deps installs zbar-tools"
    assert card in decoded, f"the QR code on the page says {decoded!r}"


def test_balance_and_history_follow_the_tills_operations_with_infinite_scroll(phone, api, store, customer):
    user, card = customer("Дмитрий Орлов", earn=None)
    # More than one page of history: 30 purchases of 100 ₽ (4 points each).
    for _ in range(30):
        api.earn(store, card, "100.00")
    api.earn(store, card, "2500.00")
    balance = api.customer(card)["balance"]
    assert balance == 30 * 4 + 100

    open_portal(phone, user)
    phone.wait_value("balance", balance)
    phone.visible("history")
    phone.wait(lambda _: len(phone.find_all("history-item")) > 0, "history items")
    first_page = len(phone.find_all("history-item"))
    assert first_page < 31, f"the history is paged ({first_page} items at first)"
    assert "100" in phone.find_all("history-item")[0].text, "newest first: the 2 500 ₽ purchase's +100"
    phone.screenshot("portal")

    def items_after_scrolling(driver) -> int:
        items = phone.find_all("history-item")
        driver.execute_script("arguments[0].scrollIntoView(); window.scrollTo(0, document.body.scrollHeight)", items[-1])
        return len(phone.find_all("history-item"))

    phone.wait(lambda d: items_after_scrolling(d) > first_page, "a second page of history after scrolling to the end")
    phone.wait(lambda d: items_after_scrolling(d) == 31, "all 31 operations after scrolling on")


def test_the_portal_shows_the_balance_after_the_cashiers_redemption(desktop, cashier, api, store, till, customer):
    user, card = customer("Елена Волкова")
    cashier.sign_in(store.key)
    cashier.find_customer(card)
    cashier.enter_amount("1000")
    cashier.choose("redeem")
    cashier.confirm()
    till.consume_discount()
    cashier.wait_discount("applied")
    after = api.customer(card)["balance"]
    assert after == 400 - 200 + 32

    desktop.viewport(PHONE, mobile=True)
    open_portal(desktop, user)
    desktop.wait_value("balance", after)
    desktop.wait(lambda _: len(desktop.find_all("history-item")) >= 2, "the redemption and the first purchase in the history")
    newest = desktop.find_all("history-item")[0].text
    assert "200" in newest or "32" in newest, f"the newest entry is the redemption: {newest!r}"


def test_the_customer_changes_their_name_in_the_profile(phone, api, customer):
    user, card = customer("Ольга")
    open_portal(phone, user, "/profile")
    field = phone.visible("profile-name")
    phone.wait(lambda _: field.get_attribute("value") == "Ольга", "the current name in the field")
    phone.screenshot("profile")
    field.clear()
    field.send_keys("Ольга Николаевна")
    phone.click("profile-save")
    phone.visible("profile-saved")
    assert api.customer(card)["name"] == "Ольга Николаевна"
    phone.driver.refresh()
    phone.wait(lambda _: phone.visible("profile-name").get_attribute("value") == "Ольга Николаевна", "the new name after a reload")
