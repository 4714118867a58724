"""The till: a cashier at /cashier with the store's key, a real pos-agent, and this test playing 1C."""

import re

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import Select


def recent_statuses(screen) -> list[str]:
    return [item.get_attribute("data-discount-status") or "" for item in screen.find_all("recent-item")]


def test_sign_in_with_the_store_key_is_kept_until_sign_out(cashier, desktop, store):
    cashier.open()
    desktop.visible("signin")
    desktop.screenshot("cashier-signin")

    desktop.visible("store-key").send_keys("sk_not-a-key-of-any-store")
    desktop.click("signin-submit")
    message = desktop.wait_text("signin-error", bool, "a sign-in error for a wrong key")
    assert message.strip(), "the wrong key is refused with a message"
    assert cashier.signin_shown() and not desktop.find("key-0").is_displayed()

    cashier.sign_in(store.key)
    desktop.driver.refresh()
    cashier.wait_signed_in()  # the browser keeps the key: a till is signed in once

    desktop.click("signout")
    desktop.visible("signin")
    desktop.driver.refresh()
    desktop.visible("signin")


def test_redeem_with_the_amount_from_the_till_is_applied_when_1c_takes_the_discount(cashier, desktop, api, store, till, customer):
    user, card = customer("Ольга Петрова")
    till.open_receipt("1500.00")
    cashier.sign_in(store.key)
    desktop.wait(lambda _: desktop.find_all("recent-item"), "the store's recent operations")
    desktop.screenshot("cashier-idle")

    name, balance = cashier.find_customer(card)
    assert name == "Ольга Петрова"
    assert balance == 400
    cashier.wait_agent_amount("1500.00")
    desktop.screenshot("cashier-customer")

    cashier.choose("redeem")
    expected = api.preview(store, card, "1500.00", "redeem")
    shown = cashier.preview_numbers()
    assert (shown["points"], shown["earned"], shown["balanceAfter"]) == (
        expected["points"],
        expected["pointsEarned"],
        expected["balanceAfter"],
    ), f"the page shows the backend's preview {expected}"
    assert (expected["points"], expected["pointsEarned"], expected["balanceAfter"]) == (300, 48, 148)
    assert "1200" in shown["payable"].replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", "")
    desktop.screenshot("cashier-preview")

    cashier.confirm()
    desktop.wait_state("processing", "success")
    assert till.wait_for_discount() == 300
    cashier.wait_discount("processing")  # handed to the till, 1C has not taken it yet
    desktop.screenshot("cashier-processing")

    till.consume_discount()
    cashier.wait_discount("applied")
    desktop.wait_state("success")
    desktop.screenshot("cashier-applied")
    assert api.customer(card)["balance"] == 148
    desktop.wait(lambda _: recent_statuses(desktop)[:1] == ["applied"], "the recent operations show the redemption applied")

    cashier.done()


def test_redeem_fails_when_1c_does_not_take_the_discount(cashier, desktop, api, store, till, customer):
    user, card = customer("Игорь Смирнов")
    till.open_receipt("1000.00")
    cashier.sign_in(store.key)
    cashier.find_customer(card)
    cashier.wait_agent_amount("1000.00")
    cashier.choose("redeem")
    assert cashier.preview_numbers()["points"] == 200

    cashier.confirm()
    assert till.wait_for_discount() == 200
    # 1C never deletes discount.txt: the agent takes it back after its consume timeout.
    cashier.wait_discount("failed", timeout=20)
    desktop.screenshot("cashier-failed")
    assert not till.discount_file.exists()
    assert api.customer(card)["balance"] == 400 + 32, "the points come back; the cashback of the paid 800 ₽ stays"
    desktop.wait(lambda _: "failed" in recent_statuses(desktop)[:3], "the recent operations show the failed redemption")


def test_earn_shows_the_points_earned(cashier, desktop, api, store, till, customer):
    user, card = customer("Анна Кузнецова")
    cashier.sign_in(store.key)
    cashier.find_customer(card)
    cashier.enter_amount("2500")
    cashier.choose("earn")
    assert cashier.preview_numbers()["earned"] == 100
    cashier.confirm()
    desktop.wait_state("success")
    desktop.visible("success")
    assert "100" in desktop.find("success").text
    desktop.screenshot("cashier-success")
    assert api.customer(card)["balance"] == 500
    cashier.done()


def test_redeeming_more_than_the_balance_shows_a_clear_error(cashier, desktop, api, store, other_store, till, customer):
    user, card = customer("Пётр Иванов")
    cashier.sign_in(store.key)
    cashier.find_customer(card)
    cashier.enter_amount("2000")
    cashier.choose("redeem")
    assert cashier.preview_numbers()["points"] == 400
    # Meanwhile the customer spends everything at another shop: the preview's points are gone.
    api.redeem(other_store, card, "2000.00", 400)

    cashier.confirm()
    desktop.wait_state("error")
    message = desktop.visible("error-message").text
    assert re.search("[а-яё]", message, re.I) and "INSUFFICIENT" not in message, f"a Russian sentence for the cashier: {message!r}"
    desktop.screenshot("cashier-error")
    assert api.customer(card)["balance"] == 64, "the refused redemption took nothing (64: the other shop's cashback on 1600 ₽)"
    cashier.done()


def test_a_double_tap_on_confirm_charges_once(cashier, desktop, api, store, till, customer):
    user, card = customer("Мария Соколова")
    cashier.sign_in(store.key)
    cashier.find_customer(card)
    cashier.enter_amount("1000")
    cashier.choose("redeem")
    confirm = desktop.clickable("confirm")
    ActionChains(desktop.driver).double_click(confirm).perform()
    # and a third tap while the first request may still be on its way (the button may be gone by then)
    try:
        desktop.driver.execute_script("arguments[0].click()", confirm)
    except StaleElementReferenceException:
        pass

    till.consume_discount()
    cashier.wait_discount("applied")
    till.wait_idle()
    redemptions = [entry for entry in api.ledger(card) if entry["type"] == "redeem"]
    assert len(redemptions) == 1, f"one redemption, not {len(redemptions)}: {redemptions}"
    assert api.customer(card)["balance"] == 400 - 200 + 32


def test_a_telegram_cashier_of_two_stores_picks_one_and_loses_a_store_the_admin_removes(cashier, desktop, api, store, other_store):
    user = api.telegram_user("Кассир Нина", "ru")
    for shop in (store, other_store):
        api.request("POST", f"/api/admin/stores/{shop.id}/cashiers", api.admin, {"telegramId": user.id})

    cashier.open(f"#{user.hash_fragment}")  # inside Telegram: initData, no key
    cashier.wait_signed_in()
    assert not desktop.find("signout").is_displayed(), "a Telegram cashier leaves by closing the Mini App"
    picker = Select(desktop.visible("store-select"))
    assert sorted(int(option.get_attribute("value")) for option in picker.options) == sorted([store.id, other_store.id])
    picker.select_by_value(str(other_store.id))
    desktop.wait(lambda _: other_store.name in desktop.driver.find_element("css selector", "header").text, "the other store's name in the header")

    api.request("DELETE", f"/api/admin/stores/{other_store.id}/cashiers/{user.id}", api.admin)
    desktop.driver.refresh()
    cashier.wait_signed_in()
    desktop.wait(lambda _: store.name in desktop.driver.find_element("css selector", "header").text, "back at the one store left")
    assert not desktop.find("store-select").is_displayed(), "one store: no picker"
