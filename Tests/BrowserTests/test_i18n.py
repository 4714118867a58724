"""Russian and English: ?lang= or Accept-Language picks the texts; money in the reader's locale."""

import re

CYRILLIC = re.compile("[а-яё]", re.I)


def texts(screen) -> tuple[str, str]:
    """The sign-in button's text and the page's lang attribute."""
    screen.visible("signin")
    return screen.find("signin-submit").text, screen.driver.find_element("css selector", "html").get_attribute("lang")


def test_accept_language_and_the_lang_parameter_pick_the_language(desktop, desktop_en):
    desktop.open("/cashier")
    russian, lang = texts(desktop)
    assert lang.startswith("ru") and CYRILLIC.search(russian), (lang, russian)

    desktop.open("/cashier?lang=en")
    english, lang = texts(desktop)
    assert lang.startswith("en") and english and not CYRILLIC.search(english), (lang, english)

    desktop_en.open("/cashier")
    assert texts(desktop_en)[0] == english

    desktop_en.open("/cashier?lang=ru")
    assert texts(desktop_en)[0] == russian


def test_money_is_formatted_in_the_readers_locale(desktop, desktop_en, api, store, customer):
    user, card = customer("Ирина")
    shown = {}
    for screen, query in ((desktop, ""), (desktop_en, "?lang=en")):
        screen.open("/cashier" + query)
        screen.visible("store-key").send_keys(store.key)
        screen.click("signin-submit")
        screen.visible("key-0")
        for digit in card:
            screen.click(f"key-{digit}")
        screen.wait_state("customer_found", "ready")
        field = screen.visible("amount")
        field.clear()
        field.send_keys("1234.5")
        screen.click("op-earn")
        shown[query] = screen.wait_text("preview-payable", lambda text: "234" in text, "the payable amount")
    russian = shown[""].replace("\u00a0", " ").replace("\u202f", " ")
    english = shown["?lang=en"]
    assert re.search(r"1 234,50", russian), f"ru: {shown['']!r}"
    assert "1,234.50" in english, f"en: {english!r}"


def test_inside_telegram_the_portal_follows_the_users_telegram_language(phone, api, customer):
    user, card = customer("Kate", language_code="en")
    phone.open(f"/#{user.hash_fragment}")  # the browser asks for Russian; Telegram says English
    phone.wait(lambda d: d.find_element("css selector", "html").get_attribute("lang") == "en", "the page in English")
    phone.wait_value("balance", 400)
    title = phone.driver.title
    assert title and not CYRILLIC.search(title), title
    assert "400" in phone.find("balance").text
